/*
 * Border Incident Map: the base map's pieces, as a Leaflet plugin. Each function draws one
 * thing from the options the Python element (dashboard/map/elements.py) passes as JSON.
 */
(function () {
    'use strict';
    L.bim = L.bim || {};

    /** Shipped GeoJSON in a pane, not clickable; styles by the features' iso2 ('*': any). */
    L.bim.outlines = function (group, map, o) {
        return L.geoJSON(o.data, {pane: o.pane, interactive: false, style: function (f) {
            return o.styles[f.properties.iso2] || o.styles['*'];
        }}).addTo(group);
    };

    /** Each district's approximate extent as a dashed circle: [lat, lon, metres]. */
    L.bim.districtCircles = function (group, map, o) {
        o.circles.forEach(function (c) {
            L.circle([c[0], c[1]], {radius: c[2], color: '#8a8a8a', weight: 1,
                dashArray: '2 6', fill: false, pane: 'outlines', interactive: false}
            ).addTo(group);
        });
    };

    /** Country and district names; district names only from zoom 8 on. */
    L.bim.labels = function (group, map, o) {
        o.labels.forEach(function (l) {
            L.marker([l.lat, l.lon], {interactive: false, keyboard: false, pane: 'outlines',
                icon: L.divIcon({className: l.cls, html: l.html, iconSize: [160, 20],
                                 iconAnchor: [80, 10]})}).addTo(group);
        });
        var zoomClass = function () {
            map.getContainer().classList.toggle('bim-zoomed-out', map.getZoom() < 8);
        };
        map.on('zoomend', zoomClass);
        zoomClass();
    };

    /** The data's attribution; a phone-width map opens one step further out. */
    L.bim.setup = function (group, map, o) {
        map.attributionControl.addAttribution(o.attribution);
        if (map.getSize().x < 500) { map.setZoom(map.getZoom() - 1); }
    };

    /** A full-screen button (Leaflet has none, and its plugin would come from a CDN). */
    L.bim.fullscreen = function (group, map, o) {
        var Full = L.Control.extend({
            options: {position: 'topleft'},
            onAdd: function () {
                var a = L.DomUtil.create('a', 'bim-fullscreen leaflet-bar');
                a.href = '#';
                a.title = o.label;
                a.setAttribute('role', 'button');
                a.setAttribute('aria-label', o.label);
                a.innerHTML = o.icon;
                L.DomEvent.on(a, 'click', function (e) {
                    L.DomEvent.preventDefault(e);
                    var el = map.getContainer();
                    if (document.fullscreenElement) { document.exitFullscreen(); }
                    else if (el.requestFullscreen) { el.requestFullscreen(); }
                });
                return a;
            }
        });
        new Full().addTo(map);
        document.addEventListener('fullscreenchange', function () { map.invalidateSize(); });
    };

    /** Tiles are optional: when the tile server does not answer, say so in one line. */
    L.bim.offlineNotice = function (group, map, o) {
        var failed = 0, notice = null;
        var watch = function (layer) {
            if (!(layer instanceof L.TileLayer) || layer._bimWatched) { return; }
            layer._bimWatched = true;
            layer.on('tileerror', function () {
                failed += 1;
                if (failed < 4 || notice) { return; }
                notice = L.control({position: 'bottomleft'});
                notice.onAdd = function () {
                    var div = L.DomUtil.create('div', 'bim-offline');
                    div.textContent = o.text;
                    return div;
                };
                notice.addTo(map);
            });
            layer.on('tileload', function () {
                failed = 0;
                if (notice) { notice.remove(); notice = null; }
            });
        };
        map.eachLayer(watch);
        map.on('layeradd', function (e) { watch(e.layer); });
    };

    /** A foldable legend (o.html: escaped by the page), folded on a phone-width map. */
    L.bim.legend = function (group, map, o) {
        var legend = L.control({position: 'bottomright'});
        legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'bim-legend');
            div.innerHTML = o.html;
            L.DomEvent.disableClickPropagation(div);
            if (map.getSize().x < 500) { div.querySelector('details').open = false; }
            return div;
        };
        legend.addTo(map);
    };
})();
