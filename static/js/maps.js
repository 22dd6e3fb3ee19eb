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

  function nearMap(box) {
    var source = document.getElementById(box.dataset.markers);
    var markers = source ? JSON.parse(source.textContent) : [];
    if (!markers.length) {
      return;
    }
    box.hidden = false;
    var map = baseMap(box, box.querySelector("[data-map-canvas]"));
    var bounds = [];
    markers.forEach(function (item) {
      var marker = window.L.marker([item.lat, item.lng], {
        title: item.title,
        alt: item.title,
        icon: icon(box),
        keyboard: true,
      });
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      marker.bindPopup(link);
      marker.addTo(map);
      bounds.push([item.lat, item.lng]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 16);
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    }
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

  function start() {
    if (!window.L) {
      return;
    }
    document.querySelectorAll("[data-near-map]").forEach(nearMap);
    document.querySelectorAll("[data-map-picker]").forEach(mapPicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
