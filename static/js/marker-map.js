/* One way to draw markers on a Leaflet map, shared by every map of the site (museums, skills,
   equipment exchange). A page script says how each marker looks and what its popup shows;
   this draws them. The markers come either with the page (`draw`, a json_script element) or
   from a JSON feed of our own origin (`load`, the container's data-feed), so a page need not
   grow with what its map shows. Pages stay usable when the tiles or the scripts do not load. */
(function () {
  "use strict";

  function show(el, markers, options) {
    el.innerHTML = "";
    var map = L.map(el, { scrollWheelZoom: false }).setView([50.1, 2.8], 7);
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
    }
    var bounds = [];
    markers.forEach(function (m) {
      var marker = L.circleMarker([m.lat, m.lng], options.marker(m));
      // Built when first opened (Leaflet calls the function then).
      marker.bindPopup(function (layer) { return options.popup(m, layer); });
      marker.addTo(map);
      bounds.push([m.lat, m.lng]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20] }); }
    else if (bounds.length === 1) { map.setView(bounds[0], options.zoomOne || 10); }
    el.classList.add("map-ready");
    return map;
  }

  window.MusenorMap = {
    /* Draws the markers of `<script id=dataId>` into `#mapId`. `options.marker(m)` returns
       Leaflet circle-marker options, `options.popup(m, layer)` a DOM node; `options.zoomOne`
       is the zoom used when there is a single marker. */
    draw: function (mapId, dataId, options) {
      var el = document.getElementById(mapId);
      var data = document.getElementById(dataId);
      if (!el || !data || typeof L === "undefined") { return; }
      show(el, JSON.parse(data.textContent), options);
    },

    /* GETs JSON from our own origin with the member's session; rejects on any HTTP error
       (an expired session answers with the sign-in page, not JSON: rejected too). */
    fetchJSON: function (url) {
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        });
    },

    /* Fetches `#mapId`'s data-feed and draws `options.markersOf(payload)` (the payload itself
       by default) as `draw` does, then calls `options.loaded(payload)`. On any failure the
       container keeps its fallback and `options.failed()` is called. */
    load: function (mapId, options) {
      var el = document.getElementById(mapId);
      var url = el && el.getAttribute("data-feed");
      if (!url || typeof L === "undefined" || !window.fetch) { return; }
      el.setAttribute("aria-busy", "true");
      window.MusenorMap.fetchJSON(url)
        .then(function (payload) {
          show(el, options.markersOf ? options.markersOf(payload) : payload, options);
          if (options.loaded) { options.loaded(payload); }
        })
        .catch(function () {
          if (options.failed) { options.failed(); }
        })
        .then(function () { el.removeAttribute("aria-busy"); });
    }
  };
})();
