/* The museums of the page on a map (marker-map.js draws it). */
(function () {
  "use strict";
  if (!window.MusenorMap) { return; }
  window.MusenorMap.draw("museum-map", "museum-markers", {
    zoomOne: 11,
    marker: function () {
      return { radius: 7, color: "#7a1f3d", fillColor: "#b23a60", fillOpacity: 0.85, weight: 2 };
    },
    popup: function (m) {
      var popup = document.createElement("div");
      var title = m.url ? document.createElement("a") : document.createElement("strong");
      if (m.url) { title.href = m.url; }
      title.textContent = m.name;
      popup.appendChild(title);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(m.city));
      return popup;
    }
  });
})();
