/* Where the people found in the skills directory work: one marker per museum, its size growing
   with the number of people (marker-map.js draws it). */
(function () {
  "use strict";
  if (!window.MusenorMap) { return; }
  window.MusenorMap.draw("skills-map", "skills-markers", {
    marker: function (m) {
      return { radius: Math.min(6 + 3 * m.count, 20), color: "#1f5c7a", fillColor: "#3a8fb2", fillOpacity: 0.8, weight: 2 };
    },
    popup: function (m) {
      var popup = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = m.name;
      popup.appendChild(title);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(m.city + " · " + m.count + " \u263A"));
      return popup;
    }
  });
})();
