/* Draws the museums of the page on a Leaflet map. The list next to the map carries the
   same information, so the page stays usable when tiles or this script do not load. */
(function () {
  "use strict";
  var el = document.getElementById("museum-map");
  var data = document.getElementById("museum-markers");
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
    var marker = L.circleMarker([m.lat, m.lng], { radius: 7, color: "#7a1f3d", fillColor: "#b23a60", fillOpacity: 0.85, weight: 2 });
    var popup = document.createElement("div");
    var title = m.url ? document.createElement("a") : document.createElement("strong");
    if (m.url) { title.href = m.url; }
    title.textContent = m.name;
    popup.appendChild(title);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(m.city));
    marker.bindPopup(popup);
    marker.addTo(map);
    bounds.push([m.lat, m.lng]);
  });
  if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20] }); }
  else if (bounds.length === 1) { map.setView(bounds[0], 11); }
  el.classList.add("map-ready");
})();
