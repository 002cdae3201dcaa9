/* The museums that have listings, one marker per museum with the list of its listings
   (marker-map.js draws it). */
(function () {
  "use strict";
  if (!window.MusenorMap) { return; }
  window.MusenorMap.draw("exchange-map", "exchange-markers", {
    marker: function (m) {
      return { radius: 6 + Math.min(m.listings.length, 8), color: "#1f5c7a", fillColor: "#3d86aa", fillOpacity: 0.85, weight: 2 };
    },
    popup: function (m) {
      var popup = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = m.name + " (" + m.city + ")";
      popup.appendChild(title);
      var list = document.createElement("ul");
      list.className = "map-popup-list";
      m.listings.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.title;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" · " + item.kind + ", " + item.category));
        list.appendChild(li);
      });
      popup.appendChild(list);
      return popup;
    }
  });
})();
