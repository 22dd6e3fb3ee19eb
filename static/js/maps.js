/* Maps, an enhancement: the page works without them.

   [data-near-map]   a list's map (activities, facilities): markers read from the JSON script
                     named by data-markers; every marker is also a card in the list below, and
                     its popup links to the record's page.
   [data-map-picker] the admin's location picker: a click on the map fills the latitude and
                     longitude inputs named by data-latitude / data-longitude.

   Both are [hidden] in the HTML and shown only when Leaflet (static/vendor/leaflet/) loaded.
   No inline script or style: everything comes from data- attributes. */
(function () {
  "use strict";

  // 練馬区役所, roughly: where a picker with no location yet starts
  var NERIMA = [35.7356, 139.6517];

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function icon(box) {
    return window.L.icon({
      iconUrl: box.dataset.icon,
      iconRetinaUrl: box.dataset.icon2x,
      shadowUrl: box.dataset.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
  }

  function baseMap(box, container) {
    var map = window.L.map(container, { scrollWheelZoom: false });
    var attribution = escapeHtml(box.dataset.attribution || "");
    if (box.dataset.attributionUrl) {
      attribution =
        '<a href="' + escapeHtml(box.dataset.attributionUrl) + '">' + attribution + "</a>";
    }
    window.L.tileLayer(box.dataset.tileUrl, {
      attribution: attribution,
      maxZoom: 18,
      minZoom: 5,
    }).addTo(map);
    return map;
  }

  // Markers closer than this (in pixels) become one marker listing them all: a marker drawn
  // over another could be neither seen nor clicked (nor pass the target-size rule).
  var GROUP_DISTANCE = 34;

  function groupsAt(map, items) {
    var groups = [];
    items.forEach(function (item) {
      var point = map.latLngToLayerPoint([item.lat, item.lng]);
      var near = groups.find(function (group) {
        return group.point.distanceTo(point) < GROUP_DISTANCE;
      });
      if (near) {
        near.items.push(item);
      } else {
        groups.push({ point: point, items: [item] });
      }
    });
    return groups;
  }

  function popupFor(items) {
    var list = document.createElement("ul");
    list.className = "near-map__popup-list";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      entry.appendChild(link);
      list.appendChild(entry);
    });
    return list;
  }

  function nearMap(box) {
    var source = document.getElementById(box.dataset.markers);
    var items = source ? JSON.parse(source.textContent) : [];
    if (!items.length) {
      return;
    }
    box.hidden = false;
    var map = baseMap(box, box.querySelector("[data-map-canvas]"));
    var layer = window.L.layerGroup().addTo(map);

    function draw() {
      layer.clearLayers();
      groupsAt(map, items).forEach(function (group) {
        var first = group.items[0];
        var name = group.items
          .map(function (item) {
            return item.title;
          })
          .join("、");
        window.L.marker([first.lat, first.lng], {
          title: name,
          alt: name,
          icon: icon(box),
          keyboard: true,
        })
          .bindPopup(popupFor(group.items))
          .addTo(layer);
      });
    }

    var bounds = items.map(function (item) {
      return [item.lat, item.lng];
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 16);
    } else {
      map.fitBounds(bounds, { padding: [32, 32], maxZoom: 16 });
    }
    draw();
    map.on("zoomend", draw);
  }

  function mapPicker(box) {
    var latitude = document.getElementById(box.dataset.latitude);
    var longitude = document.getElementById(box.dataset.longitude);
    if (!latitude || !longitude) {
      return;
    }
    box.hidden = false;
    var map = baseMap(box, box.querySelector(".map-picker__map"));
    var marker = null;

    function typed() {
      var lat = parseFloat(latitude.value);
      var lng = parseFloat(longitude.value);
      return isFinite(lat) && isFinite(lng) ? [lat, lng] : null;
    }

    function place(point) {
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = window.L.marker(point, { icon: icon(box), keyboard: false }).addTo(map);
      }
    }

    var start = typed();
    map.setView(start || NERIMA, start ? 16 : 13);
    if (start) {
      place(start);
    }
    map.on("click", function (event) {
      latitude.value = event.latlng.lat.toFixed(6);
      longitude.value = event.latlng.lng.toFixed(6);
      place(event.latlng);
    });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = typed();
        if (point) {
          place(point);
          map.panTo(point);
        }
      });
    });
  }

  // A list's map asks for its stylesheets (data-stylesheets) only when it is drawn, so they
  // never hold up the page's first paint; it is drawn once they have arrived.
  function withStylesheets(box, draw) {
    var hrefs = (box.dataset.stylesheets || "").split(" ").filter(Boolean);
    var waiting = 0;
    function arrived() {
      waiting -= 1;
      if (waiting === 0) {
        draw(box);
      }
    }
    hrefs.forEach(function (href) {
      if (document.querySelector('link[rel="stylesheet"][href="' + href + '"]')) {
        return;
      }
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.addEventListener("load", arrived);
      link.addEventListener("error", arrived);
      waiting += 1;
      document.head.appendChild(link);
    });
    if (waiting === 0) {
      draw(box);
    }
  }

  function start() {
    if (!window.L) {
      return;
    }
    document.querySelectorAll("[data-near-map]").forEach(function (box) {
      withStylesheets(box, nearMap);
    });
    document.querySelectorAll("[data-map-picker]").forEach(mapPicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
