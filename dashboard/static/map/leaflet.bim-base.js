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

    // The district and province polygons, by id, for the incident layer to restyle.
    var BASE = {color: '#8a8a8a', weight: 0.8, fill: true, fillOpacity: 0, dashArray: null};
    // The selected incident's district, when that is all that is known of its place.
    var FOCUS = {color: '#222', weight: 2, dashArray: '5 4', fillColor: '#000',
                 fillOpacity: 0.08};
    var PROVINCE = {color: '#6f6f6f', weight: 1.6, fill: false, interactive: false};

    /**
     * District polygons (clickable in the districts view) and their provinces' outlines:
     * o.districts and o.provinces inline (a standalone file), or fetched once from o.url
     * (the page: the browser caches it, and no rerun sends the geometry again).
     */
    /** fn() once the map's first incident layer is drawn ('bim:drawn'), or after 2 s. */
    var afterMarkers = function (map, fn) {
        if (window.bimMap && window.bimMap.done) { fn(); return; }
        var once = function () { clearTimeout(timer); map.off('bim:drawn', once); fn(); };
        var timer = setTimeout(once, 2000);
        map.on('bim:drawn', once);
    };

    L.bim.districts = function (group, map, o) {
        var state = {map: map, byId: {}, byProvince: {}, legend: null, loaded: false};
        L.bim._districts = state;
        map.getPane('districts').style.pointerEvents = 'none';
        var draw = function (data) {
            L.geoJSON(data.provinces, {pane: 'outlines', interactive: false, style: PROVINCE,
                onEachFeature: function (f, layer) { state.byProvince[f.properties.key] = layer; }
            }).addTo(group);
            L.geoJSON(data.districts, {pane: 'districts', style: BASE,
                onEachFeature: function (f, layer) {
                    state.byId[f.properties.district_id] = layer;
                    layer._bimLabel = f.properties.label + ' (' + f.properties.country + ')';
                    // streamlit-folium wires its click report to every layer of the map
                    // each time it adds the incident layer (every rerun).
                    layer.bindTooltip(layer._bimLabel, {sticky: true});
                }}).addTo(group);
            state.loaded = true;
            if (state.pending) { L.bim.styleDistricts(state.pending); }
        };
        if (o.url) {
            // Fetched at once but drawn after the first markers (90 polygons and their
            // tooltips held the first markers up by about a tenth on a page open).
            fetch(o.url).then(function (r) { return r.json(); }).then(function (data) {
                afterMarkers(map, function () { draw(data); });
            });
        } else {
            draw(o);
        }
    };

    var choroplethLegend = function (state, c) {
        if (state.legend) { state.legend.remove(); state.legend = null; }
        if (!c) { return; }
        state.legend = L.control({position: 'bottomleft'});
        state.legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'bim-legend-box bim-choropleth');
            div.innerHTML = c.html;
            return div;
        };
        state.legend.addTo(state.map);
    };

    /**
     * Restyle the district polygons for this rerun (the geometry stays; only styles change).
     * s: {view: 'incidents'|'districts', areas: [district ids], provinces: [province keys],
     *     fill: {id: colour}, tips: {id: text}, legend: {html} | null}
     */
    L.bim.styleDistricts = function (s) {
        var state = L.bim._districts;
        if (!state) { return; }
        state.pending = s;
        if (!state.loaded) { return; }
        var districts = s.view === 'districts', focus = s.focus || {};
        state.map.getPane('districts').style.pointerEvents = districts ? 'auto' : 'none';
        var areas = {};
        (s.areas || []).forEach(function (id) { areas[id] = true; });
        Object.keys(state.byId).forEach(function (id) {
            var layer = state.byId[id], style = L.extend({}, BASE);
            if (districts) {
                style.fillColor = s.fill[id] || '#ffffff';
                style.fillOpacity = s.fill[id] ? 0.75 : 0.15;
                style.color = '#555';
            } else if (focus.district === id) {
                style = L.extend(style, FOCUS);
            } else if (areas[id]) {
                // Faint, so that many areas never hide the markers (see the incident layer).
                style.fillColor = '#000';
                style.fillOpacity = 0.05;
            }
            layer.setStyle(style);
            layer.setTooltipContent((districts && s.tips && s.tips[id]) || layer._bimLabel);
        });
        var provinces = {};
        (s.provinces || []).forEach(function (k) { provinces[k] = true; });
        Object.keys(state.byProvince).forEach(function (k) {
            var style = PROVINCE;
            if (!districts && focus.province === k) {
                style = {color: '#222', weight: 2.5, dashArray: '6 4'};
            } else if (!districts && provinces[k]) {
                style = {color: '#555', weight: 2, dashArray: null};
            }
            state.byProvince[k].setStyle(style);
        });
        choroplethLegend(state, districts ? s.legend : null);
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

    /**
     * The data's attribution; a phone-width map opens half a step further out. Remembers the
     * opening view (the page's "whole border" fit) and whether the user has moved the map
     * since: a view of their own is never re-fitted (see the incident layer's fitTo).
     */
    L.bim.setup = function (group, map, o) {
        o.attribution.forEach(function (a) { map.attributionControl.addAttribution(a); });
        if (map.getSize().x < 500) {
            // A phone: one step out, and the credits on one line (Leaflet's own link goes).
            map.setZoom(map.getZoom() - 0.5);
            map.attributionControl.setPrefix(false);
        }
        map._bimHome = {center: map.getCenter(), zoom: map.getZoom()};
        map._bimUserMoved = false;
        var moved = function () { map._bimUserMoved = true; };
        map.on('dragstart', moved);
        var box = map.getContainer();
        ['wheel', 'dblclick', 'touchstart'].forEach(function (name) {
            L.DomEvent.on(box, name, function (e) {
                if (name !== 'touchstart' || e.touches.length > 1) { moved(); }
            });
        });
        L.DomEvent.on(box, 'keydown', function (e) {
            if (e.target === box && /^(Arrow|\+|-|=)/.test(e.key)) { moved(); }
        });
        box.querySelectorAll('.leaflet-control-zoom a').forEach(function (a) {
            L.DomEvent.on(a, 'click', moved);
        });
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

    /**
     * The legend behind a button (o.label; o.html: escaped by the page): open at first on a
     * map at least o.openFrom px wide, folded on a phone.
     */
    L.bim.legend = function (group, map, o) {
        var legend = L.control({position: 'bottomright'});
        legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'bim-legend');
            var button = L.DomUtil.create('button', 'bim-legend-button', div);
            var box = L.DomUtil.create('div', 'bim-legend-box', div);
            box.id = 'bim-legend-' + L.stamp(legend);
            box.setAttribute('role', 'region');
            box.setAttribute('aria-label', o.label);
            box.innerHTML = o.html;
            button.type = 'button';
            button.textContent = o.label;
            button.setAttribute('aria-controls', box.id);
            var show = function (open) {
                box.classList.toggle('bim-open', open);
                button.setAttribute('aria-expanded', String(open));
                button.title = open ? o.hide : o.show;
            };
            box.classList.toggle('bim-wide', map.getSize().x >= o.openFrom);
            show(map.getSize().x >= o.openFrom);
            L.DomEvent.on(button, 'click', function (e) {
                L.DomEvent.stop(e);
                show(!box.classList.contains('bim-open'));
            });
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        legend.addTo(map);
    };

    /** The caption of a standalone file (o.html: escaped by the page): what it shows. */
    L.bim.caption = function (group, map, o) {
        var caption = L.control({position: 'topright'});
        caption.onAdd = function () {
            var div = L.DomUtil.create('div', 'bim-caption');
            div.setAttribute('role', 'note');
            div.innerHTML = o.html;
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        caption.addTo(map);
    };
})();
