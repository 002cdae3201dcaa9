/* One way to draw markers on a Leaflet map, shared by every map of the site (museums, skills,
   equipment exchange). A page script says how each marker looks and what its popup shows;
   this draws them. The lists beside the maps carry the same information, so pages stay
   usable when the tiles or the scripts do not load. */
(function () {
  "use strict";
  window.MusenorMap = {
    /* Draws the markers of `<script id=dataId>` into `#mapId`. `options.marker(m)` returns
       Leaflet circle-marker options, `options.popup(m)` a DOM node; `options.zoomOne` is the
       zoom used when there is a single marker. */
    draw: function (mapId, dataId, options) {
      var el = document.getElementById(mapId);
      var data = document.getElementById(dataId);
      if (!el || !data || typeof L === "undefined") { return; }
      var markers = JSON.parse(data.textContent);
      el.innerHTML = "";
      var map = L.map(el, { scrollWheelZoom: false }).setView([50.1, 2.8], 7);
      var tiles = el.getAttribute("data-tiles");
      if (tiles) {
        L.tileLayer(tiles, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
      }
      var bounds = [];
      markers.forEach(function (m) {
        var marker = L.circleMarker([m.lat, m.lng], options.marker(m));
        marker.bindPopup(options.popup(m));
        marker.addTo(map);
        bounds.push([m.lat, m.lng]);
      });
      if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20] }); }
      else if (bounds.length === 1) { map.setView(bounds[0], options.zoomOne || 10); }
      el.classList.add("map-ready");
    }
  };
})();
