/* posture map: the event list, GeoJSON/CSV export of what is shown, a print view, and the permalink (view,
 * filters, dates and the open feature in the URL hash). Same safety rule as posture.js: data
 * reach the page only through textContent; the hash is read with URLSearchParams and
 * JSON.parse, and its values are only looked up in Maps, never evaluated or inserted as markup.
 */
(function () {
  'use strict';

  var U = window.PostureApp.util;
  var el = U.el;
  var str = U.str;

  function byWhen(a, b) {
    // dated first, by day; undated last; then data order
    if (a.when !== b.when) {
      if (!a.when) return 1;
      if (!b.when) return -1;
      return a.when < b.when ? -1 : 1;
    }
    return a.layer === b.layer ? a.index - b.index : 0;
  }

  /* ---------------- event list ---------------- */

  window.PostureApp.plugin(function (ctx) {
    var LIMIT = 300;
    var sorted = null; // all features in time order, made on first opening
    var box = null;
    var list = null;
    var title = null;

    function visibleInOrder() {
      if (!sorted) sorted = ctx.all.slice().sort(byWhen);
      return sorted.filter(function (f) { return f.shown; });
    }
    function render() {
      if (!box) return;
      if (!box.open) { // the count only: no sorting while the list is folded
        var n = 0;
        for (var i = 0; i < ctx.all.length; i++) if (ctx.all[i].shown) n++;
        title.textContent = 'Events in time order (' + n + ')';
        return;
      }
      var vis = visibleInOrder();
      title.textContent = 'Events in time order (' + vis.length + ')';
      list.textContent = '';
      vis.slice(0, LIMIT).forEach(function (f) {
        var p = f.props;
        var li = el('li', 'pm-event');
        li.tabIndex = 0;
        li.appendChild(el('span', 'pm-event-date', f.when || 'undated'));
        li.appendChild(el('span', 'pm-event-kind', ' ' + f.kind));
        li.appendChild(el('div', 'pm-search-subject', str(p.subject) || '(unnamed)'));
        var where = [str(p.place), str(p.doc_title) || str(p.doc_id)].filter(Boolean).join(' · ');
        li.appendChild(el('div', 'pm-search-where', where));
        var go = function (ev) { ev.preventDefault(); ctx.focusFeature(f); };
        li.addEventListener('click', go);
        li.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') go(ev); });
        list.appendChild(li);
      });
      if (vis.length > LIMIT) {
        list.appendChild(el('li', 'pm-search-none', '… and ' + (vis.length - LIMIT) + ' more: narrow the filters or dates'));
      }
      if (!vis.length) list.appendChild(el('li', 'pm-search-none', 'No feature shown'));
    }
    if (ctx.all.length) {
      U.control('topleft', function () {
        box = el('details', 'pm-events');
        title = el('summary', 'pm-events-title', 'Events in time order');
        box.appendChild(title);
        list = el('ul', 'pm-event-list');
        box.appendChild(list);
        box.addEventListener('toggle', render);
        return box;
      }).addTo(ctx.map);
    }
    var timer = null;
    ctx.hooks.applied.push(function () {
      clearTimeout(timer);
      timer = setTimeout(render, 30);
    });
    ctx.api.events = function () {
      return visibleInOrder().map(function (f) { return [f.layer.name, f.index, f.when]; });
    };
    ctx.api.openEvents = function (open) { if (box) { box.open = !!open; render(); } };
  });

  /* ---------------- export what is shown: GeoJSON, CSV, print ---------------- */

  // A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a leading
  // apostrophe (OWASP "CSV injection"); every cell is quoted.
  function csvCell(v) {
    var t = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (/^[=+\-@\t\r]/.test(t)) t = "'" + t;
    return '"' + t.replace(/"/g, '""') + '"';
  }
  function num(v) {
    var n = Number(v);
    return isFinite(n) ? String(n) : '0';
  }
  function wktCoords(ring) {
    return '(' + ring.map(function (c) { return num(c[0]) + ' ' + num(c[1]); }).join(', ') + ')';
  }
  function wkt(g) {
    if (!g || !g.type) return '';
    var c = g.coordinates;
    switch (g.type) {
      case 'Point': return 'POINT (' + num(c[0]) + ' ' + num(c[1]) + ')';
      case 'MultiPoint': return 'MULTIPOINT (' + c.map(function (p) { return wktCoords([p]); }).join(', ') + ')';
      case 'LineString': return 'LINESTRING ' + wktCoords(c);
      case 'MultiLineString': return 'MULTILINESTRING (' + c.map(wktCoords).join(', ') + ')';
      case 'Polygon': return 'POLYGON (' + c.map(wktCoords).join(', ') + ')';
      case 'MultiPolygon':
        return 'MULTIPOLYGON (' + c.map(function (poly) { return '(' + poly.map(wktCoords).join(', ') + ')'; }).join(', ') + ')';
      default: return '';
    }
  }

  window.PostureApp.plugin(function (ctx) {
    function geometry(f) {
      return Array.isArray(f.geom) ? { type: 'Point', coordinates: f.geom.slice(0, 2) } : f.geom;
    }
    function shown() {
      return ctx.all.filter(function (f) { return f.shown; });
    }
    function collection() {
      var feats = [];
      shown().forEach(function (f) {
        var props = {};
        var p = f.props;
        Object.keys(p).forEach(function (k) { Object.defineProperty(props, k, { value: p[k], enumerable: true, writable: true }); });
        feats.push({ type: 'Feature', properties: props, geometry: geometry(f) });
      });
      return { type: 'FeatureCollection', features: feats };
    }
    function geojsonText() { return JSON.stringify(collection()); }
    function csvText() {
      // the columns of every layer (first seen first), then the geometry as WKT (EPSG:4326)
      var cols = [];
      var seen = new Set();
      ctx.layers.forEach(function (l) {
        l.columns.forEach(function (c) { if (!seen.has(c.name)) { seen.add(c.name); cols.push(c.name); } });
      });
      var lines = [cols.concat(['wkt']).map(csvCell).join(',')];
      shown().forEach(function (f) {
        var p = f.props;
        lines.push(cols.map(function (c) { return csvCell(p[c]); }).concat([csvCell(wkt(geometry(f)))]).join(','));
      });
      return '\ufeff' + lines.join('\r\n') + '\r\n'; // BOM: spreadsheets read it as UTF-8
    }
    function save(text, type, name) {
      // A Blob URL made here (no network; the CSP is unchanged) and the download attribute.
      var blob = new Blob([text], { type: type });
      var url = URL.createObjectURL(blob);
      var a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.style.display = 'none';
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    }
    function button(cls, text, title, onClick) {
      var b = el('a', 'pm-export-btn ' + cls, text);
      b.href = '#';
      b.setAttribute('role', 'button');
      b.title = title;
      b.addEventListener('click', function (e) { e.preventDefault(); onClick(); });
      return b;
    }
    var downloadGeoJSON = function () { save(geojsonText(), 'application/geo+json', 'posture-shown.geojson'); };
    var downloadCSV = function () { save(csvText(), 'text/csv;charset=utf-8', 'posture-shown.csv'); };
    U.control('topleft', function () {
      var bar = el('div', 'leaflet-bar pm-tool pm-exportbar');
      bar.appendChild(el('div', 'pm-exportbar-title', 'Download shown'));
      bar.appendChild(button('pm-export', 'GeoJSON', 'Download the features shown (filters and dates applied) as GeoJSON', downloadGeoJSON));
      bar.appendChild(button('pm-export-csv', 'CSV', 'Download the features shown as CSV (geometry as WKT)', downloadCSV));
      bar.appendChild(button('pm-print', 'Print', 'Print the map as shown (controls hidden)', function () { window.print(); }));
      return bar;
    }).addTo(ctx.map);
    ctx.api.exportGeoJSON = geojsonText;
    ctx.api.exportCSV = csvText;
    ctx.api.download = downloadGeoJSON;
  });

  /* ---------------- permalink: the URL hash ---------------- */

  window.PostureApp.plugin(function (ctx) {
    var map = ctx.map;
    var restoring = true;

    function layerByName(name) {
      for (var i = 0; i < ctx.layers.length; i++) if (ctx.layers[i].name === name) return ctx.layers[i];
      return null;
    }
    function syncBoxes() {
      ctx.container.querySelectorAll('input[data-layer]').forEach(function (cb) {
        var l = layerByName(cb.getAttribute('data-layer'));
        if (!l) return;
        var k = cb.getAttribute('data-kind');
        if (k === null) {
          cb.checked = l.on;
          var sec = cb.closest('.pm-layer');
          if (sec) sec.classList.toggle('pm-off', !l.on);
        } else if (l.kinds.has(k)) {
          cb.checked = l.kinds.get(k).on;
        }
      });
    }
    function parseJSONList(v) {
      try {
        var x = JSON.parse(v);
        return Array.isArray(x) ? x : [];
      } catch (e) {
        return [];
      }
    }
    var parts = [
      {
        key: 'map',
        get: function () {
          var c = map.getCenter();
          return map.getZoom() + '/' + c.lat.toFixed(5) + '/' + c.lng.toFixed(5);
        },
        set: function (v) {
          var m = /^(\d{1,2})\/(-?\d{1,3}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)$/.exec(v);
          if (!m) return;
          var lat = Number(m[2]);
          var lng = Number(m[3]);
          if (Math.abs(lat) <= 90 && Math.abs(lng) <= 360) map.setView([lat, lng], Number(m[1]), { animate: false });
        }
      },
      {
        key: 'hl',
        get: function () {
          var h = ctx.layers.filter(function (l) { return !l.on; }).map(function (l) { return l.name; });
          return h.length ? JSON.stringify(h) : null;
        },
        set: function (v) {
          var hide = new Set(parseJSONList(v).map(str));
          ctx.layers.forEach(function (l) { l.on = !hide.has(l.name); });
          syncBoxes();
        }
      },
      {
        key: 'hk',
        get: function () {
          var h = [];
          ctx.layers.forEach(function (l) {
            l.kindOrder.forEach(function (k) { if (!l.kinds.get(k).on) h.push([l.name, k]); });
          });
          return h.length ? JSON.stringify(h) : null;
        },
        set: function (v) {
          ctx.layers.forEach(function (l) { l.kinds.forEach(function (kd) { kd.on = true; }); });
          parseJSONList(v).forEach(function (pair) {
            if (!Array.isArray(pair)) return;
            var l = layerByName(str(pair[0]));
            var kd = l && l.kinds.get(str(pair[1]));
            if (kd) kd.on = false;
          });
          syncBoxes();
        }
      },
      {
        key: 'open',
        get: function () {
          var f = ctx.openFeature();
          return f ? JSON.stringify([f.layer.name, f.index]) : null;
        },
        set: function (v) {
          var pair = parseJSONList(v);
          var l = layerByName(str(pair[0]));
          var i = Number(pair[1]);
          var f = null;
          if (l && isFinite(i)) {
            for (var j = 0; j < l.features.length; j++) if (l.features[j].index === i) { f = l.features[j]; break; }
          }
          if (!f) return;
          var go = function () { ctx.openPopup(f, ctx.featureLatLng(f), true); };
          if (ctx.api.ready) go(); else ctx.ready.push(go);
        }
      }
    ].concat(ctx.state);

    function hashOf() {
      var q = new URLSearchParams();
      parts.forEach(function (p) {
        var v = p.get();
        if (v !== null && v !== undefined && v !== '') q.set(p.key, String(v));
      });
      return '#' + q.toString();
    }
    function write() {
      if (restoring) return;
      var h = hashOf();
      if (h !== location.hash) {
        try { history.replaceState(null, '', h); } catch (e) { /* some file: viewers refuse */ }
      }
    }
    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(write, 200);
    }
    function restore(hash) {
      var q = new URLSearchParams(String(hash || '').replace(/^#/, ''));
      if (!q.has('map')) return false;
      parts.forEach(function (p) {
        // every part is set, absent ones to their default ("nothing hidden")
        if (p.key === 'map' || p.key === 'open') {
          if (q.has(p.key)) p.set(q.get(p.key));
        } else if (p.key === 'undated') {
          p.set(q.has('undated') ? q.get('undated') : '1');
        } else {
          p.set(q.has(p.key) ? q.get(p.key) : '');
        }
      });
      return true;
    }
    restore(location.hash);
    ctx.ready.push(function () { restoring = false; write(); });
    map.on('moveend', later);
    ctx.hooks.applied.push(later);
    ctx.hooks.popup.push(later);
    window.addEventListener('hashchange', function () {
      if (location.hash === hashOf()) return;
      restoring = true;
      if (restore(location.hash)) ctx.apply();
      restoring = false;
      later();
    });
    ctx.api.permalink = function () { return location.href.split('#')[0] + hashOf(); };
    ctx.api.writeHash = function () { restoring = false; write(); return location.hash; };
  });
})();
