/* Draws the museums that have listings on a Leaflet map, one marker per museum with the list
   of its listings. The list beside the map carries the same information, so the page stays
   usable without this script or the tiles. */
(function () {
  "use strict";
  var el = document.getElementById("exchange-map");
  var data = document.getElementById("exchange-markers");
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
    var marker = L.circleMarker([m.lat, m.lng], {
      radius: 6 + Math.min(m.listings.length, 8), color: "#1f5c7a", fillColor: "#3d86aa", fillOpacity: 0.85, weight: 2
    });
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
    marker.bindPopup(popup);
    marker.addTo(map);
    bounds.push([m.lat, m.lng]);
  });
  if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20] }); }
  else if (bounds.length === 1) { map.setView(bounds[0], 10); }
  el.classList.add("map-ready");
})();
