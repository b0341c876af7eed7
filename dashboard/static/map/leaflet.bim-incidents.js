/*
 * Border Incident Map: the incident layer, as a Leaflet plugin.
 *
 * L.bim.incidentLayer(group, map, data, options) draws the shown incidents from compact
 * arrays (one entry per marker: position, count, colour index into d.palette, key, escaped
 * tooltip as codes into its distinct texts; see
 * dashboard/map/layer_data.py) into Leaflet.markercluster. The page calls it once per rerun
 * with a new FeatureGroup; the clusters outlive each call, so a new layer keeps the markers
 * drawn the same, redraws a stack whose count or mix changed in place, and adds or removes
 * only the others.
 *
 * When a layer is drawn, window.bimMap = {layer, incidents, done, at, added, removed,
 * restyled} tells the browser tests and the benchmark that the map shows the new set.
 */
(function () {
    'use strict';
    L.bim = L.bim || {};

    // A div icon with an accessible name: the element Tab reaches (role=button) names it.
    var NamedIcon = L.DivIcon.extend({
        createIcon: function (oldIcon) {
            var div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
            if (this.options.name) { div.setAttribute('aria-label', this.options.name); }
            return div;
        }
    });

    var label = function (n) {
        return n >= 10000 ? Math.round(n / 1000) + 'k' : String(n);
    };

    // The clusters shared by every layer drawn on one map.
    var clustersFor = function (map, clusterOptions) {
        var kept = L.bim._clusters;
        if (kept && (kept.map !== map || kept.loading)) {
            // Still adding the last layer's markers in chunks, which cannot be stopped:
            // start over with new clusters rather than race them.
            map.removeLayer(kept.cluster);
            kept = null;
        }
        if (kept) { return kept; }
        var fresh = {map: map, byKey: new Map(), popupOn: null, group: null,
                     loading: false, finish: null};
        var options = L.extend({}, clusterOptions, {
            chunkedLoading: true,
            chunkProgress: function (done, total) {
                if (done >= total) {
                    fresh.loading = false;
                    if (fresh.finish) { fresh.finish(); }
                }
            },
            iconCreateFunction: function (cluster) {
                var n = 0;
                cluster.getAllChildMarkers().forEach(function (m) { n += m.options.bimCount; });
                // One neutral colour (in the legend), larger for more: markercluster's own
                // green/yellow/orange would read as event types.
                var size = n < 10 ? 'small' : (n < 100 ? 'medium' : 'large');
                return new NamedIcon({html: '<div><span>' + label(n) + '</span></div>',
                    name: n + ' incidents: Enter zooms in',
                    className: 'marker-cluster bim-cluster bim-cluster-' + size,
                    iconSize: L.point(40, 40)});
            }
        });
        fresh.cluster = L.markerClusterGroup(options);
        L.bim._clusters = fresh;
        return fresh;
    };

    // Every shown incident's area is a faint shade, so overlapping areas never hide the
    // markers; the selected incident's area alone gets a dashed outline.
    var AREA = {pane: 'areas', interactive: false, stroke: false, fill: true,
                fillColor: '#000', fillOpacity: 0.04};
    var FOCUS = {pane: 'areas', interactive: false, color: '#222', weight: 2,
                 dashArray: '5 4', fill: true, fillColor: '#000', fillOpacity: 0.08};
    var drawAreas = function (group, areas, focus) {
        for (var a = 0; a < areas.lat.length; a++) {
            L.circle([areas.lat[a], areas.lon[a]], L.extend({radius: areas.km[a] * 1000}, AREA)
            ).addTo(group);
        }
        if (focus && focus.circle) {
            L.circle([focus.circle[0], focus.circle[1]],
                     L.extend({radius: focus.circle[2] * 1000, className: 'bim-focus-area'},
                              FOCUS)).addTo(group);
        }
    };

    /**
     * Fit the map to what is shown when the page asks (fit.key changes: new dates, filters or
     * district), unless the user has moved the map since it opened: then their view stays.
     * fit: {key, bounds: [[s, w], [n, e]] | null (the whole border: the opening view)}.
     */
    var fitTo = function (map, fit) {
        if (!fit || fit.key === map._bimFitKey) { return; }
        map._bimFitKey = fit.key;
        if (map._bimUserMoved) { return; }
        var apply = function () {
            if (map._bimUserMoved || map._bimFitKey !== fit.key) { return; }
            if (!fit.bounds) {
                if (map._bimHome) { map.setView(map._bimHome.center, map._bimHome.zoom); }
                map._bimFitted = null;
                return;
            }
            var legend = map.getContainer().querySelector('.bim-legend-box.bim-open');
            // (The box may be measured before its styles arrive: at most half the map.)
            var right = legend ? Math.min(legend.offsetWidth, map.getSize().x * 0.45) + 24 : 32;
            map.fitBounds(fit.bounds, {paddingTopLeft: [56, 40],
                                       paddingBottomRight: [right, 40], maxZoom: 10,
                                       animate: false});
            map._bimFitted = {apply: apply, center: map.getCenter(), zoom: map.getZoom()};
        };
        apply();
        // The map's frame may still be sizing itself (a page that just opened) or change size
        // later (window, full screen): fit again, while nothing else has moved the map.
        if (!map._bimRefit) {
            map._bimRefit = true;
            map.on('resize', function () {
                var last = map._bimFitted;
                if (last && !map._bimUserMoved && map.getZoom() === last.zoom &&
                        map.getCenter().equals(last.center, 1e-6)) { last.apply(); }
            });
        }
    };

    var stackIcon = function (d, i) {
        return L.divIcon({className: 'bim-stack' + (d.area[i] ? ' bim-area' : ''),
            html: '<span style="background:' + d.palette[d.colour[i]] + '">' + label(d.n[i]) + '</span>',
            iconSize: [28, 28]});
    };

    // Keyboard: every marker can be reached with Tab and opened with Enter or Space, as a
    // click opens it (the page selects its incident or lists its stack; a cluster zooms in).
    var decoder = document.createElement('textarea');
    var plainText = function (html) { decoder.innerHTML = html; return decoder.value; };
    var focusable = function () {
        // `this` is the marker, now on the map: its element exists only from here on. Its
        // tooltip is bound here too, not when it is made: of 80k markers most stay in a
        // cluster, and binding every one cost a quarter of drawing them.
        var el = this._path || this._icon;
        if (!el) { return; }
        if (!this.getTooltip()) { this.bindTooltip(this.bimTip); }
        el.setAttribute('tabindex', '0');
        el.setAttribute('role', 'button');
        el.setAttribute('aria-label', plainText(this.bimTip));
    };
    // Bound on the map, Leaflet gives a tooltip's focus listeners to that element only; each
    // add makes a new element (after a cluster, a spiderfy), so it is bound afresh each time.
    var dropTooltip = function () { this.unbindTooltip(); };
    // A marker's tooltip: each distinct text is sent once (layer_data.py: _tooltips).
    var tipOf = function (d, i) {
        var t = d.tip, b = t.b[i];
        return b < 0 ? t.text[t.a[i]] : t.text[t.a[i]] + t.join + t.text[b];
    };
    var keyboardFor = function (map) {
        if (map._bimKeyboard) { return; }
        map._bimKeyboard = true;
        L.DomEvent.on(map.getContainer(), 'keydown', function (e) {
            if (e.key !== 'Enter' && e.key !== ' ') { return; }
            // Leaflet keeps the layer of each interactive element by the element's stamp.
            var id = e.target && e.target._leaflet_id;
            var layer = id !== undefined && map._targets ? map._targets[id] : null;
            if (!layer || layer === map || !layer.getLatLng) { return; }
            L.DomEvent.preventDefault(e);
            L.DomEvent.stopPropagation(e);
            layer.fire('click', {latlng: layer.getLatLng(), originalEvent: e,
                                 containerPoint: map.latLngToContainerPoint(layer.getLatLng())},
                       true);
        });
    };

    var makeMarker = function (d, i, radius, tip) {
        var ll = [d.lat[i], d.lon[i]], n = d.n[i], m;
        if (n === 1) {
            var o = d.area[i]
                ? {fillColor: d.palette[d.colour[i]], fillOpacity: 0.55, color: '#222', weight: 1.5,
                   dashArray: '2 2'}
                : {fillColor: d.palette[d.colour[i]], fillOpacity: 0.95, color: '#fff', weight: 2};
            o.radius = radius; o.className = 'bim-incident'; o.pane = 'incidents';
            o.bimCount = 1;
            m = L.circleMarker(ll, o);
        } else {
            m = L.marker(ll, {pane: 'incidents', bimCount: n, icon: stackIcon(d, i)});
        }
        m.feature = {type: 'Feature', properties: {
            key: d.key[i], incident_id: n === 1 ? d.key[i] : null, incidents: n}};
        m.bimTip = tip;
        m.on('add', focusable);
        m.on('remove', dropTooltip);
        if (d.popups) { m.bindPopup(d.popups[i], POPUP); }
        return m;
    };

    // A standalone file's popups pan the map just enough to be seen whole, clear of the
    // controls in the corners (the page's selected popup is placed, see openInPlace).
    var POPUP = {maxWidth: 300, autoPan: true, autoPanPaddingTopLeft: L.point(56, 16),
                 autoPanPaddingBottomRight: L.point(56, 16)};

    /**
     * Open a marker's popup whole without moving the map (the view is the user's or a shared
     * link's, and must reopen exactly): above the marker where there is room, else below it,
     * shifted sideways off the edges; only a map too small for it pans.
     */
    var openInPlace = function (marker) {
        var popup = marker.getPopup(), map = marker._map;
        var controls = 52;  // the zoom and layer buttons' strips, kept clear where possible
        popup.options.autoPan = false;
        popup.options.offset = L.point(0, 7);
        popup.options.maxWidth = Math.max(160, Math.min(300, map.getSize().x - 2 * controls - 40));
        marker.openPopup();
        var el = popup.getElement();
        if (!el) { return; }
        var size = map.getSize(), at = map.latLngToContainerPoint(marker.getLatLng());
        var h = el.offsetHeight, w = el.offsetWidth, edge = 8;
        var above = at.y - h - 7 >= edge, below = at.y + h + 14 <= size.y - edge;
        var margin = w + 2 * controls <= size.x ? controls : edge;
        var left = at.x - w / 2, dx = 0;
        if (left < margin) { dx = margin - left; }
        else if (left + w > size.x - margin) { dx = size.x - margin - left - w; }
        if (!above && !below) {
            popup.options.autoPan = true;
            popup.update();
            return;
        }
        popup.options.offset = L.point(dx, above ? 7 : h + 14);
        el.classList.toggle('bim-popup-below', !above);
        el.classList.toggle('bim-popup-shifted', dx !== 0);
        popup.update();
    };

    // Open the selected marker's popup once it is drawn (clustering runs in chunks).
    var openWhenDrawn = function (kept, chosen) {
        var tries = 0;
        var open = function () {
            if (kept.popupOn !== chosen) { return; }
            if (!chosen._map) {
                if (tries++ < 40) { setTimeout(open, 100); }
                return;
            }
            openInPlace(chosen);
        };
        setTimeout(open, 50);
    };

    /**
     * Draw `d` (the layer's data) into `group`, a FeatureGroup on `map`.
     * options: {radius: marker radius in px, ring: the selection ring's colour,
     *           cluster: Leaflet.markercluster options, fit: see fitTo}.
     */
    L.bim.incidentLayer = function (group, map, d, options) {
        var seq = ((window.bimMap && window.bimMap.layer) || 0) + 1;
        var state = {layer: seq, incidents: d.incidents, done: false, at: null};
        window.bimMap = state;
        var finish = function () {
            if (window.bimMap === state) { state.done = true; state.at = Date.now(); }
            map.fire('bim:drawn');
        };
        drawAreas(group, d.areas, d.focus);
        if (L.bim.styleDistricts && d.districts) {
            L.bim.styleDistricts(L.extend({focus: d.focus}, d.districts));
        }
        fitTo(map, options.fit);

        var kept = clustersFor(map, options.cluster), cluster = kept.cluster;
        keyboardFor(map);
        kept.group = group;
        kept.finish = finish;
        group.on('add', function () { if (kept.group === group) { cluster.addTo(map); } });
        group.on('remove', function () {
            // streamlit-folium removes the last layer just before adding the next one:
            // hide the clusters only when no new layer took this one's place.
            setTimeout(function () {
                if (kept.group === group && !map.hasLayer(group)) { map.removeLayer(cluster); }
            }, 0);
        });
        if (kept.popupOn) { kept.popupOn.closePopup(); kept.popupOn.unbindPopup(); }
        kept.popupOn = null;

        // By key (an incident, or a point's stack): a marker drawn the same is kept; a stack
        // of another count or mix is redrawn in place; the rest come and go.
        var last = kept.byKey, next = new Map(), added = [], restyled = [], gone = [];
        var markers = new Array(d.key.length);
        for (var i = 0; i < d.key.length; i++) {
            var tip = tipOf(d, i);
            var sig = [d.n[i], d.colour[i], d.area[i], tip].join('\u0001');
            var was = last.get(d.key[i]), m;
            if (was) { last.delete(d.key[i]); }
            if (was && was.sig === sig) {
                m = was.m;
            } else if (was && d.n[i] > 1 && was.m.options.bimCount > 1) {
                m = was.m;
                m.options.bimCount = d.n[i];
                m.feature.properties.incidents = d.n[i];
                m.setIcon(stackIcon(d, i));
                m.bimTip = tip;
                if (m.getTooltip()) { m.setTooltipContent(tip); }
                focusable.call(m);
                restyled.push(m);
            } else {
                if (was) { gone.push(was.m); }
                m = makeMarker(d, i, options.radius, tip);
                added.push(m);
            }
            next.set(d.key[i], {sig: sig, m: m});
            markers[i] = m;
        }
        last.forEach(function (was) { gone.push(was.m); });
        kept.byKey = next;
        state.added = added.length;
        state.removed = gone.length;
        state.restyled = restyled.length;
        // On the map before adding: markercluster then clusters in chunks without blocking
        // the page (and without its quadratic off-map bookkeeping).
        group.addTo(map);
        cluster.addTo(map);
        if (gone.length) { cluster.unspiderfy(); cluster.removeLayers(gone); }
        if (restyled.length) { cluster.refreshClusters(restyled); }
        if (added.length) {
            kept.loading = true;
            cluster.addLayers(added);
        } else {
            finish();
        }
        if (d.selected >= 0) {
            var chosen = markers[d.selected];
            L.circleMarker(chosen.getLatLng(), {radius: options.radius + 6, color: options.ring,
                weight: 3, fill: false, className: 'bim-selected', pane: 'incidents',
                interactive: false}).addTo(group);
            chosen.bindPopup(d.popup, POPUP);
            kept.popupOn = chosen;
            openWhenDrawn(kept, chosen);
        }
        return group;
    };
})();
