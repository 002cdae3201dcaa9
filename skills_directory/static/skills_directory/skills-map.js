/* Draws where the people found in the skills directory work: one marker per museum, its size
   growing with the number of people. The result list carries the same information, so the
   page stays usable when tiles or this script do not load (same approach as museum-map.js). */
(function () {
  "use strict";
  var el = document.getElementById("skills-map");
  var data = document.getElementById("skills-markers");
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
    var radius = Math.min(6 + 3 * m.count, 20);
    var marker = L.circleMarker([m.lat, m.lng], { radius: radius, color: "#1f5c7a", fillColor: "#3a8fb2", fillOpacity: 0.8, weight: 2 });
    var popup = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = m.name;
    popup.appendChild(title);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(m.city + " · " + m.count + " \u263A"));
    marker.bindPopup(popup);
    marker.addTo(map);
    bounds.push([m.lat, m.lng]);
  });
  if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20] }); }
  else if (bounds.length === 1) { map.setView(bounds[0], 10); }
  el.classList.add("map-ready");
})();
