/* Museums on a map (marker-map.js draws it). The directory's map names a JSON feed in its
   data-feed (every museum matching the filters, `[name, town, url, lat, lng]` each), so its
   page does not grow with the network; a museum's page gives its one marker with the page
   (json_script "museum-markers"). */
(function () {
  "use strict";
  var map = document.getElementById("museum-map");
  if (!window.MusenorMap || !map) { return; }
  var fallback = map.querySelector(".map-fallback");

  var options = {
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
  };

  if (!map.hasAttribute("data-feed")) {
    window.MusenorMap.draw("museum-map", "museum-markers", options);
    return;
  }
  options.markersOf = function (payload) {
    return payload.markers.map(function (row) {
      return { name: row[0], city: row[1], url: row[2], lat: row[3], lng: row[4] };
    });
  };
  options.failed = function () {
    if (fallback) { fallback.textContent = map.getAttribute("data-error"); }
  };
  if (fallback && typeof L !== "undefined" && window.fetch) {
    fallback.textContent = map.getAttribute("data-loading");
  }
  window.MusenorMap.load("museum-map", options);
})();
