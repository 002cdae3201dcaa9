/* The museums that have listings matching the filters: one marker per museum, sized by its
   number of listings, from the feed named by the map's data-feed (exchange:map_feed). A
   popup fetches its museum's listings from the same feed when first opened, so neither the
   page nor the feed grows with the number of listings. marker-map.js draws the markers. */
(function () {
  "use strict";
  var map = document.getElementById("exchange-map");
  if (!window.MusenorMap || !map) { return; }
  var summary = document.getElementById("exchange-map-summary");
  var popups = {};

  function museumFeed(slug) {
    var url = new URL(map.getAttribute("data-feed"), window.location.href);
    url.searchParams.set("museum", slug);
    return url.toString();
  }

  function fill(body, data) {
    body.textContent = "";
    var list = document.createElement("ul");
    list.className = "map-popup-list";
    data.listings.forEach(function (item) {  // [id, title, kind]
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = data.listing_url.replace("{id}", item[0]);
      a.textContent = item[1];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" · " + (data.kinds[item[2]] || "")));
      list.appendChild(li);
    });
    body.appendChild(list);
    var all = document.createElement("a");
    all.href = data.list_url;
    all.textContent = data.list_label;
    body.appendChild(all);
  }

  window.MusenorMap.load("exchange-map", {
    markersOf: function (payload) { return payload.markers; },
    marker: function (m) {
      return { radius: 6 + Math.min(m.count, 8), color: "#1f5c7a", fillColor: "#3d86aa", fillOpacity: 0.85, weight: 2 };
    },
    popup: function (m, layer) {
      if (popups[m.slug]) { return popups[m.slug]; }
      var popup = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = m.name + " (" + m.city + ")";
      popup.appendChild(title);
      var body = document.createElement("div");
      body.className = "map-popup-body";
      body.textContent = map.getAttribute("data-loading");
      popup.appendChild(body);
      popups[m.slug] = popup;
      window.MusenorMap.fetchJSON(museumFeed(m.slug))
        .then(function (data) { fill(body, data); })
        .catch(function () {
          delete popups[m.slug];  // try again when opened again
          body.textContent = map.getAttribute("data-error");
        })
        .then(function () { if (layer.isPopupOpen()) { layer.getPopup().update(); } });
      return popup;
    },
    loaded: function (payload) {
      if (summary) { summary.textContent = payload.summary + " ·"; }
    },
    failed: function () {
      if (summary) { summary.textContent = map.getAttribute("data-error"); }
    }
  });
})();
