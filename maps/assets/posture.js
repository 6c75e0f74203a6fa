/* posture map application.
 *
 * SAFETY RULE: every piece of feature data (article titles, quotes, URLs, subjects, places,
 * kinds...) is untrusted. It comes only from the JSON data block, parsed with JSON.parse, and
 * reaches the page only through DOM nodes + textContent / setAttribute of inert attributes.
 * The only HTML strings in this file (marker icons) are built from the constants below and
 * from numbers. Links are made only from URLs whose parsed protocol is http: or https:.
 * Dictionaries keyed by data (kinds, days, columns) are Maps or Object.create(null) objects,
 * so a kind named "__proto__", "constructor" or "toString" is just a name.
 */
(function () {
  'use strict';

  var LAYER_LABELS = { assets: 'Assets', incidents: 'Incidents', disputes: 'Disputes' };
  var OTHER_COLOR = '#37474f';
  // Fallback only: kind colours and shapes come with the data (layers.styles, the same
  // assignment as the KML export).
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2',
    '#17becf', '#bcbd22', '#4d4d4d', '#006d5b', '#b8860b'];
  // Marker shapes (24x24 viewBox), chosen from a kind's words; never from raw text.
  var SHAPES = {
    circle: '<circle cx="12" cy="12" r="8"/>',
    ship: '<path d="M2 13h20l-4 7H6z M6 13V9h8v4z M9 9V4h3v5z"/>',
    submarine: '<path d="M2 14c0-3 4-4 10-4s10 1 10 4-4 4-10 4S2 17 2 14z M10 10V6h4v4z"/>',
    plane: '<path d="M12 1.5l2 7.5 8 4.5v2.5l-8-2.5-.8 5.5 3.3 2.2V23L12 22l-4.5 1v-1.8l3.3-2.2-.8-5.5-8 2.5v-2.5l8-4.5z"/>',
    shield: '<path d="M12 1.5l9 3.5v6.5c0 5.5-4 9.5-9 11.5-5-2-9-6-9-11.5V5z"/>',
    burst: '<path d="M12 1l2.6 6.4L21 5l-2.8 6.2L23 14l-6.6.9L17.8 22 12 18.1 6.2 22l1.4-7.1L1 14l4.8-2.8L3 5l6.4 2.4z"/>',
    triangle: '<path d="M12 2.5l10 18H2z"/>',
    square: '<rect x="3.5" y="3.5" width="17" height="17" rx="1.5"/>',
    diamond: '<path d="M12 1.5l10 10.5-10 10.5L2 12z"/>',
    star: '<path d="M12 1.5l3.1 7 7.6.6-5.8 5 1.8 7.4L12 17.6l-6.7 3.9 1.8-7.4-5.8-5 7.6-.6z"/>',
    drone: '<path d="M3 3h6v3h6V3h6v6h-3v6h3v6h-6v-3H9v3H3v-6h3V9H3z"/>',
    hexagon: '<path d="M12 1.5l9.5 5.5v10L12 22.5 2.5 17V7z"/>'
  };
  var KIND_STYLES = new Map(); // kind -> {color, shape}, from the data
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var EARTH_KM = 6371.0088;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function str(v) {
    return v === undefined || v === null ? '' : String(v);
  }

  function safeHref(u) {
    if (typeof u !== 'string' || !u) return null;
    try {
      var p = new URL(u);
      return p.protocol === 'http:' || p.protocol === 'https:' ? p.href : null;
    } catch (e) {
      return null;
    }
  }

  function linkOrText(title, url, cls) {
    var href = safeHref(url);
    var text = str(title) || str(url) || '(untitled)';
    if (!href) return el('span', cls, text);
    var a = el('a', cls, text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  function escHtml(s) {
    return str(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function own(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function shapeFor(kind) {
    var st = KIND_STYLES.get(str(kind));
    return st && own(SHAPES, st.shape) ? st.shape : 'circle';
  }

  // A fact's status on the marker itself: solid = reported, outlined = planned/possible,
  // faded = historical, faded and struck through = denied, a "!" badge = disputed.
  var STATUSES = ['reported', 'planned', 'possible', 'denied', 'historical', 'disputed'];
  var STATUS_NOTES = {
    reported: 'solid', planned: 'outlined', possible: 'outlined', denied: 'faded, struck through',
    historical: 'faded', disputed: '"!" badge'
  };
  function statusKey(v) {
    var s = str(v).toLowerCase();
    return STATUSES.indexOf(s) >= 0 ? s : 'other';
  }
  var STRIKE = '<path d="M2.5 21.5L21.5 2.5" fill="none" stroke="#222222" stroke-width="2.6" stroke-linecap="round"/>';
  var BADGE = '<circle cx="18.5" cy="5.5" r="5" fill="#ffffff" stroke="#222222" stroke-width="1.5"/>' +
    '<path d="M18.5 2.8v3.4M18.5 8.1v.2" fill="none" stroke="#222222" stroke-width="1.9" stroke-linecap="round"/>';

  function iconSvg(shape, color, size, hollow, status, soft) {
    // Built only from SHAPES constants, PALETTE colours, STATUSES and numbers. A hollow icon
    // (only the dashed outline in the kind's colour) marks a feature placed only at a country's
    // or region's representative point: "somewhere in X", not a pin.
    var st = statusKey(status);
    // soft: an area (a sea, a region): the hollow shape inside a soft circle, bigger
    var open = soft
      ? '<svg width="' + size + '" height="' + size + '" viewBox="-7 -7 38 38"'
      : '<svg width="' + size + '" height="' + size + '" viewBox="0 0 24 24"';
    var body;
    if (hollow) {
      open += ' fill="#ffffff" fill-opacity="0.65" stroke="' + color + '" stroke-width="2.4"' +
        ' stroke-dasharray="3 2" stroke-linejoin="round">';
    } else if (st === 'planned' || st === 'possible') {
      open += ' fill="#ffffff" fill-opacity="0.9" stroke="' + color + '" stroke-width="2.6" stroke-linejoin="round">';
    } else {
      open += ' fill="' + color + '" stroke="#ffffff" stroke-width="1.6" stroke-linejoin="round">';
    }
    body = SHAPES[shape];
    if (st === 'denied' || st === 'historical') body = '<g opacity="0.4">' + body + '</g>';
    if (st === 'denied') body += STRIKE;
    if (st === 'disputed') body += BADGE;
    if (soft) {
      body = '<circle cx="12" cy="12" r="18" fill="' + color + '" fill-opacity="0.16" stroke="' + color +
        '" stroke-opacity="0.55" stroke-width="1.2" stroke-dasharray="none"/>' + body;
    }
    return open + body + '</svg>';
  }

  // "country": only a country or first-level division was given; "area": a sea, region or
  // border's representative point. Neither is a pin.
  function coarse(p) {
    var lp = str(p && p.location_precision);
    return lp === 'country' || lp === 'area';
  }

  function svgNode(markup) {
    // Parse a constant SVG string (from iconSvg) into a node without innerHTML on the page.
    var doc = new DOMParser().parseFromString(
      markup.replace('<svg ', '<svg xmlns="' + SVG_NS + '" '), 'image/svg+xml');
    return document.importNode(doc.documentElement, true);
  }

  function safeClass(s) {
    return str(s).toLowerCase().replace(/[^a-z0-9-]/g, '-');
  }

  function toInt(v) {
    var n = Number(v);
    return isFinite(n) ? Math.round(n) : NaN;
  }

  function haversineKm(a, b) {
    var r = Math.PI / 180;
    var dLat = (b.lat - a.lat) * r;
    var dLon = (b.lng - a.lng) * r;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function fmtKm(km) {
    var s = km >= 100 ? km.toFixed(0) : km.toFixed(1);
    return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + ' km (' + (km / 1.852).toFixed(0) + ' nmi)';
  }

  function stopEvents(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
  }

  function control(position, build) {
    var C = L.Control.extend({
      options: { position: position },
      onAdd: function () {
        var node = build();
        stopEvents(node);
        return node;
      }
    });
    return new C();
  }

  /* A canvas renderer that draws the features' polygons and lines batched by style: one path,
     one fill and one stroke per style instead of per shape (Leaflet's own note: "1 fill/stroke
     for all features with equal style"); hit testing (clicks, hover) is Leaflet's, per shape.
     Other layers (arrowheads) draw themselves, after the batches.
     Shapes of filtered-out features stay on the map and are skipped (in drawing and, through
     shownContains, in hit testing): a filter change adds or removes no Leaflet layer, it asks
     for one redraw. A large redraw (thousands of shapes) is drawn a slice per animation frame
     (options.sliceMs of drawing calls each; the canvas rasterises them when the frame is
     committed, which costs a few times more), so the main thread is never held for long; a
     redraw asked for while one is under way starts again from a clear canvas, so what is
     drawn in the end is what one redraw in one go would draw. The renderer fires 'busy' and
     'idle' so the page can say when everything is drawn.
     A zoom or a pan does not project and clip every shape at once either (Leaflet's zoomend and
     moveend handlers do): the view's generation numbers (_pg: projection, _cg: clip) go up and
     a shape is brought up to date (fresh) just before it is drawn, so hidden shapes are not
     projected at all and the shown ones in the slices of the redraw. */
  var DRAW_SLICE_MS = 10;
  var BatchCanvas = L.Canvas.extend({
    options: { sliceMs: DRAW_SLICE_MS, batchSize: 256 },
    // While many shapes are added in slices, hold the redraws: one redraw at the end instead of
    // one per animation frame.
    hold: function (on) {
      this._hold = on;
      if (!on && (this._redrawBounds || this._full) && !this._redrawRequest && this._map) {
        this._redrawRequest = L.Util.requestAnimFrame(this._redraw, this);
      }
      this._setBusy();
    },
    // Everything again in the next frame (a filter change).
    redrawAll: function () {
      if (!this._map) return;
      this._full = true;
      this._redrawRequest = this._redrawRequest || L.Util.requestAnimFrame(this._redraw, this);
      this._setBusy();
    },
    isBusy: function () {
      return !!(this._job || this._redrawRequest || this._hold);
    },
    _setBusy: function () {
      var busy = this.isBusy();
      if (busy !== !!this._busy) {
        this._busy = busy;
        this.fire(busy ? 'busy' : 'idle');
      }
    },
    _requestRedraw: function (layer) {
      // a shape not up to date has no pixel bounds to redraw: all of it then
      if (layer._pg !== this._pg || layer._cg !== this._cg) this._full = true;
      L.Canvas.prototype._requestRedraw.call(this, layer);
      this._setBusy();
    },
    // the view's generations: a zoom changes the projection, a zoom or pan the clip bounds
    _onZoomEnd: function () {
      this._pg = (this._pg || 0) + 1;
    },
    _reset: function () { // a view reset (a zoom without animation): as Canvas._reset, less
      this._pg = (this._pg || 0) + 1; // projecting every shape now
      this._update();
      this._updateTransform(this._center, this._zoom);
      if (this._postponeUpdatePaths) {
        this._postponeUpdatePaths = false;
        this._updatePaths();
      }
    },
    _updatePaths: function () {
      if (this._postponeUpdatePaths) return;
      this._cg = (this._cg || 0) + 1;
      this._redrawBounds = null;
      this._redraw();
    },
    _addPath: function (layer) { // projected and clipped when added (Path.onAdd)
      layer._pg = this._pg;
      layer._cg = this._cg;
      L.Canvas.prototype._addPath.call(this, layer);
    },
    _updatePath: function (layer) { // Leaflet's own update (setLatLngs, redraw)
      layer._pg = this._pg;
      layer._cg = this._cg;
      L.Canvas.prototype._updatePath.call(this, layer);
    },
    // bring a shape up to the current view (not drawing it)
    _fresh: function (layer) {
      if (layer._pg !== this._pg) {
        layer._project();
        layer._pg = this._pg;
        layer._cg = null;
      }
      if (layer._cg !== this._cg) {
        var drawing = this._drawing;
        this._drawing = false;
        layer._update();
        this._drawing = drawing;
        layer._cg = this._cg;
      }
    },
    _updateStyle: function (layer) {
      layer._bk = null; // its batch key
      L.Canvas.prototype._updateStyle.call(this, layer);
    },
    _destroyContainer: function () {
      if (this._job) L.Util.cancelAnimFrame(this._job.raf);
      this._job = null;
      L.Canvas.prototype._destroyContainer.call(this);
      this._redrawRequest = null;
      this._setBusy();
    },
    _redraw: function () {
      this._redrawRequest = null;
      if (this._hold) { this._setBusy(); return; } // hold(false) asks again
      if (this._job) { // cut short: the canvas is half drawn, so all of it again
        L.Util.cancelAnimFrame(this._job.raf);
        this._job = null;
        this._full = true;
      }
      if (this._full) this._redrawBounds = null;
      this._full = false;
      var bounds = this._redrawBounds;
      if (bounds) {
        bounds.min._floor();
        bounds.max._ceil();
      }
      this._clear(); // the redraw bounds, or the whole canvas
      this._job = this._plan(bounds);
      this._redrawBounds = null;
      this._step(this._job, this.options.sliceMs);
    },
    _draw: function () { // Leaflet's one-go entry point: everything now
      var job = this._job = this._plan(this._redrawBounds);
      this._step(job, Infinity);
    },
    // what to draw: the shown shapes (in the redraw bounds) in batches of one style
    _plan: function (bounds) {
      var groups = new Map();
      var batches = [];
      var others = [];
      for (var order = this._drawFirst; order; order = order.next) {
        var layer = order.layer;
        if (layer._pf && !layer._pf.shown) continue; // filtered out
        if (bounds) {
          this._fresh(layer);
          if (!(layer._pxBounds && layer._pxBounds.intersects(bounds))) continue;
        }
        if (!(layer instanceof L.Polyline)) {
          others.push(layer);
          continue;
        }
        var key = layer._bk;
        if (!key) {
          var o = layer.options;
          key = layer._bk = [layer instanceof L.Polygon, o.fill, o.fillColor, o.fillOpacity, o.stroke,
            o.color, o.opacity, o.weight, o.dashArray, o.lineCap, o.lineJoin].join('|');
        }
        var g = groups.get(key);
        if (!g || g.layers.length >= this.options.batchSize) { // smaller paths, finer slices
          g = { closed: layer instanceof L.Polygon, layers: [] };
          groups.set(key, g);
          batches.push(g);
        }
        g.layers.push(layer);
      }
      return { bounds: bounds, batches: batches, others: others, i: 0, o: 0, raf: null };
    },
    // draw the job's next batches for about budgetMs; the rest in the next animation frame
    _step: function (job, budgetMs) {
      if (this._job !== job || !this._ctx) return;
      var ctx = this._ctx;
      var t0 = performance.now();
      ctx.save();
      if (job.bounds) {
        var size = job.bounds.getSize();
        ctx.beginPath();
        ctx.rect(job.bounds.min.x, job.bounds.min.y, size.x, size.y);
        ctx.clip();
      }
      this._drawing = true;
      while (job.i < job.batches.length) {
        var g = job.batches[job.i++];
        for (var k = 0; k < g.layers.length; k++) this._fresh(g.layers[k]);
        this._drawBatch(ctx, g);
        if (performance.now() - t0 >= budgetMs) break;
      }
      if (job.i >= job.batches.length) {
        while (job.o < job.others.length) {
          var other = job.others[job.o++];
          this._fresh(other);
          other._updatePath();
          if ((job.o & 31) === 0 && performance.now() - t0 >= budgetMs) break;
        }
      }
      this._drawing = false;
      ctx.restore();
      if (job.i < job.batches.length || job.o < job.others.length) {
        var self = this;
        job.raf = L.Util.requestAnimFrame(function () { self._step(job, budgetMs); });
      } else {
        this._job = null;
      }
      this._setBusy();
    },
    _drawBatch: function (ctx, g) {
      ctx.beginPath();
      for (var k = 0; k < g.layers.length; k++) {
        var parts = g.layers[k]._parts;
        for (var i = 0; i < parts.length; i++) {
          var part = parts[i];
          for (var j = 0; j < part.length; j++) {
            if (j) ctx.lineTo(part[j].x, part[j].y);
            else ctx.moveTo(part[j].x, part[j].y);
          }
          if (g.closed) ctx.closePath();
        }
      }
      var o = g.layers[0].options;
      if (o.fill) {
        ctx.globalAlpha = o.fillOpacity;
        ctx.fillStyle = o.fillColor || o.color;
        ctx.fill('nonzero');
      }
      if (o.stroke && o.weight !== 0) {
        if (ctx.setLineDash) ctx.setLineDash(o._dashArray || []);
        ctx.globalAlpha = o.opacity;
        ctx.lineWidth = o.weight;
        ctx.strokeStyle = o.color;
        ctx.lineCap = o.lineCap;
        ctx.lineJoin = o.lineJoin;
        ctx.stroke();
      }
    }
  });

  // Hit testing (clicks, hover, tooltips) skips the shapes of filtered-out features, which
  // stay on the map undrawn, and, for the few frames a redraw after a zoom takes, the shapes
  // not yet projected for it (not drawn yet either); set on each feature shape and arrowhead.
  function shownContains(p) {
    var r = this._renderer;
    if (this._pf && !this._pf.shown) return false;
    if (r && (this._pg !== r._pg || this._cg !== r._cg)) return false;
    return Object.getPrototypeOf(this)._containsPoint.call(this, p);
  }

  /* ---------------- feature popups and tooltips ---------------- */

  function quoteNode(p) {
    var q = str(p.quote);
    var bq = el('blockquote', 'pm-quote');
    var chars = Array.from(q); // Python offsets count code points, not UTF-16 units
    var a = toInt(p.start) - toInt(p.quote_start);
    var b = toInt(p.end) - toInt(p.quote_start);
    var m = str(p.mention);
    // A long sentence's quote is cut around the mention: the offsets then miss it.
    if (!(a >= 0 && b > a && b <= chars.length && chars.slice(a, b).join('') === m)) {
      var i = m ? q.indexOf(m) : -1;
      if (i >= 0) {
        a = Array.from(q.slice(0, i)).length;
        b = a + Array.from(m).length;
      } else {
        a = b = -1;
      }
    }
    if (a >= 0) {
      bq.appendChild(document.createTextNode(chars.slice(0, a).join('')));
      bq.appendChild(el('mark', null, chars.slice(a, b).join('')));
      bq.appendChild(document.createTextNode(chars.slice(b).join('')));
    } else {
      bq.textContent = q;
    }
    return bq;
  }

  function parseList(v) {
    if (Array.isArray(v)) return v;
    if (typeof v !== 'string' || !v) return [];
    try {
      var x = JSON.parse(v);
      return Array.isArray(x) ? x : [];
    } catch (e) {
      return [];
    }
  }

  function sourceBox(root, list, title, extraClass, more) {
    more = Math.max(0, Number(more) || 0); // listed beyond the data's own limit
    if (!list.length && !more) return;
    var total = list.length + more;
    var box = el('div', 'pm-corroboration' + extraClass);
    box.appendChild(el('div', 'pm-corroboration-title',
      title + total + (total === 1 ? ' article' : ' articles')));
    var ul = el('ul');
    list.slice(0, 20).forEach(function (o) {
      var li = el('li');
      li.appendChild(linkOrText(o.title || o.doc_id, o.url, 'pm-source'));
      if (o.published) li.appendChild(el('span', 'pm-date', ' · ' + str(o.published)));
      if (o.copy_of) li.appendChild(el('span', 'pm-date', ' · copy of ' + str(o.copy_of)));
      ul.appendChild(li);
    });
    var shown = Math.min(list.length, 20);
    if (total > shown) ul.appendChild(el('li', null, '… ' + (total - shown) + ' more'));
    box.appendChild(ul);
    root.appendChild(box);
  }

  function buildPopup(f) {
    var p = f.props;
    var root = el('div', 'pm-popup');
    var head = el('div', 'pm-popup-head');
    head.appendChild(el('div', 'pm-popup-subject', str(p.subject) || '(unnamed)'));
    var badges = el('div', 'pm-badges');
    badges.appendChild(el('span', 'pm-badge pm-badge-layer', f.layer.label));
    if (p.kind) badges.appendChild(el('span', 'pm-badge', p.kind));
    if (p.status) badges.appendChild(el('span', 'pm-badge pm-status-' + safeClass(p.status), p.status));
    head.appendChild(badges);
    root.appendChild(head);
    if (p.quote) root.appendChild(quoteNode(p));

    var dl = el('dl', 'pm-fields');
    function row(label, value) {
      if (value === undefined || value === null || value === '') return;
      dl.appendChild(el('dt', null, label));
      var dd = el('dd');
      if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
      dl.appendChild(dd);
    }
    row('Place', p.place);
    row('Actor', p.actor);
    row('Quantity', p.quantity);
    row('Kind', p.kind);
    row('Status', p.status);
    row('Event date', p.date);
    if (Number(p.range_km) > 0) row('Nominal range', fmtKm(Number(p.range_km)));
    var conf = Number(p.confidence);
    if (p.confidence !== null && p.confidence !== undefined && p.confidence !== '' && isFinite(conf)) {
      row('Confidence', Math.round(conf * 100) + '%');
    }
    var src = el('span');
    src.appendChild(linkOrText(p.doc_title, p.doc_url, 'pm-source'));
    if (p.published) src.appendChild(el('span', 'pm-date', ' · published ' + str(p.published)));
    row('Source', src);
    root.appendChild(dl);

    var entries = parseList(p.corroborated_by).filter(function (o) { return o && typeof o === 'object'; });
    var listed = entries.filter(function (o) { return o.doc_id !== undefined; });
    var rest = entries.filter(function (o) { return o.doc_id === undefined; })[0] || {};
    var others = listed.filter(function (o) { return o.stance !== 'denies'; });
    var deniers = listed.filter(function (o) { return o.stance === 'denies'; });
    sourceBox(root, others, 'Also reported by ', '', rest.more_reports);
    sourceBox(root, deniers, 'Denied by ', ' pm-denied-by', rest.more_denials);
    return root;
  }

  function buildTooltip(f) {
    var p = f.props;
    var t = el('div', 'pm-tooltip');
    t.appendChild(el('strong', null, str(p.subject) || '(unnamed)'));
    var where = str(p.place);
    if (where && !f.ring && coarse(p)) where = 'somewhere in ' + where;
    if (where && !f.ring && str(p.location_precision) === 'offset') where = 'near ' + where;
    if (f.ring) where = 'nominal range ' + fmtKm(Number(p.range_km) || 0) + (where ? ' · ' + where : '');
    if (where) t.appendChild(el('div', null, where));
    return t;
  }

  /* ---------------- the app ---------------- */

  function init(map, dataId) {
    var data = JSON.parse(document.getElementById(dataId).textContent);
    var meta = data.meta || {};
    var api = { ready: false, loadMs: null, errors: [] };
    var container = map.getContainer();
    container.classList.add('pm-map');
    map.setMinZoom(1);
    map.setMaxZoom(18); // there may be no tile layer to set it

    L.control.attribution({ prefix: false, position: 'bottomright' }).addTo(map);
    L.control.scale({ position: 'bottomleft', imperial: false }).addTo(map);

    /* basemap: embedded outlines always, OSM tiles above them when online */
    map.createPane('pm-outlines').style.zIndex = 150;
    map.createPane('pm-areas').style.zIndex = 350;
    // the country outlines (tens of thousands of vertices) are drawn like the features: batched,
    // projected only when drawn, in slices (batches of a few detailed countries)
    var outlineRenderer = new BatchCanvas({ pane: 'pm-outlines', padding: 0.1, batchSize: 16 });
    var areaRenderer = L.canvas({ pane: 'pm-areas', padding: 0.1 });
    var featureRenderer = new BatchCanvas({ padding: 0.1, tolerance: 4 });
    // data-pm-busy: shapes are still being added or drawn (tests and the benchmark wait for it)
    function drawing() { return featureRenderer.isBusy() || outlineRenderer.isBusy(); }
    var readyWhenDrawn = false;
    function busyChanged() {
      if (drawing()) {
        container.setAttribute('data-pm-busy', '1');
      } else {
        container.removeAttribute('data-pm-busy');
        if (readyWhenDrawn) { readyWhenDrawn = false; setTimeout(finishLoading, 0); }
      }
    }
    [featureRenderer, outlineRenderer].forEach(function (r) { r.on('busy idle', busyChanged); });
    var bm = data.basemap || {};
    var outlines = null;
    var outlineByName = new Map(); // lower-case country name -> its outline (hover highlight)
    if (bm.outlines && bm.outlines.features && bm.outlines.features.length) {
      outlines = L.geoJSON(bm.outlines, {
        renderer: outlineRenderer, interactive: false,
        onEachFeature: function (feat, layer) {
          var name = str(feat.properties && feat.properties.name).toLowerCase();
          if (name && !outlineByName.has(name)) outlineByName.set(name, layer);
        },
        style: function () { return { color: '#8d8d8d', weight: 0.8, fillColor: '#f3f0e8', fillOpacity: 1 }; }
      }).addTo(map);
    }
    var areas = null;
    if (bm.areas && bm.areas.features && bm.areas.features.length) {
      areas = L.geoJSON(bm.areas, {
        renderer: areaRenderer,
        style: function () {
          return { color: '#8a6d3b', weight: 1, dashArray: '3 3', fillColor: '#c8a96e', fillOpacity: 0.12 };
        },
        onEachFeature: function (feat, layer) {
          var name = str(feat.properties && feat.properties.name);
          if (name) {
            layer.bindTooltip(function () { return el('div', 'pm-tooltip', name); }, { sticky: true });
          }
        }
      }).addTo(map);
    }
    var tiles = null;
    if (data.tiles && !meta.offline) {
      tiles = L.tileLayer(data.tiles.url, {
        maxZoom: data.tiles.maxZoom || 19,
        // Leaflet inserts attributions as HTML: the text (from the map's maker) is escaped
        attribution: escHtml(str(data.tiles.attribution) || '\u00a9 OpenStreetMap contributors'),
        crossOrigin: false,
        // OSM's tile usage policy: requests must carry a Referer (the page's origin is enough)
        referrerPolicy: 'strict-origin-when-cross-origin'
      }).addTo(map);
    }

    /* features */
    // Points are not Leaflet layers until they are drawn: they live in the arrays below and
    // the view clusterer (drawPoints) makes DOM markers only for what is in view.
    var pointsGroup = L.featureGroup();
    var vectors = L.featureGroup();
    map.addLayer(pointsGroup);
    map.addLayer(vectors);

    var layers = [];
    var all = [];
    var kindIndex = new Map();
    var iconCache = new Map();
    var days = new Map();
    (data.styles || []).forEach(function (s) {
      if (Array.isArray(s) && /^#[0-9a-f]{6}$/i.test(str(s[1]))) {
        KIND_STYLES.set(str(s[0]), { color: str(s[1]), shape: str(s[2]) });
      }
    });

    function kindColor(kind) {
      var st = KIND_STYLES.get(kind);
      if (st) return st.color;
      if (!kindIndex.has(kind)) kindIndex.set(kind, kindIndex.size);
      return PALETTE[kindIndex.get(kind) % PALETTE.length];
    }
    function iconFor(kind, layerName, hollow, fresh, status, area) {
      var key = layerName + '\u0000' + kind + '\u0000' + status + (hollow ? '\u0000coarse' : '') +
        (area ? '\u0000area' : '') + (fresh ? '\u0000new' : '');
      if (!iconCache.has(key)) {
        var size = area ? 32 : 20;
        iconCache.set(key, L.divIcon({
          html: iconSvg(shapeFor(kind), kindColor(kind), size, hollow, status, area),
          className: 'pm-icon pm-layer-' + safeClass(layerName) + (hollow ? ' pm-coarse' : '') +
            (area ? ' pm-area' : '') + (fresh ? ' pm-new' : '') + ' pm-st-' + status,
          iconSize: [size, size], iconAnchor: [size / 2, size / 2], tooltipAnchor: [0, -size / 2],
          popupAnchor: [0, -size / 2 + 2]
        }));
      }
      return iconCache.get(key);
    }
    // The arrowhead at a movement line's end, drawn on the features' canvas (a DOM marker
    // each would cost thousands of elements at scale): a circle marker whose path is a triangle
    // pointing along the line.
    var Arrowhead = L.CircleMarker.extend({
      _updatePath: function () {
        var r = this._renderer;
        if (!r || !r._drawing || !r._ctx || this._empty()) return;
        var ctx = r._ctx;
        var p = this._point;
        var a = this.options.angle;
        var s = 9;
        var cos = Math.cos(a);
        var sin = Math.sin(a);
        function pt(x, y) { return [p.x + x * cos - y * sin, p.y + x * sin + y * cos]; }
        var tip = pt(s, 0);
        var left = pt(-s, -s * 0.8);
        var mid = pt(-s * 0.45, 0);
        var right = pt(-s, s * 0.8);
        ctx.beginPath();
        ctx.moveTo(tip[0], tip[1]);
        ctx.lineTo(left[0], left[1]);
        ctx.lineTo(mid[0], mid[1]);
        ctx.lineTo(right[0], right[1]);
        ctx.closePath();
        r._fillStroke(ctx, this);
      }
    });
    function vectorStyle(layerName, kind, isRing, isLine, status) {
      var c = layerColors.get(layerName) || OTHER_COLOR;
      var st;
      if (isRing) st = { color: kindColor(kind), weight: 2, dashArray: '8 6', fill: true, fillOpacity: 0.04 };
      else if (isLine) st = { color: kindColor(kind), weight: 3, opacity: 0.9 };
      else st = { color: c, weight: 2, fillColor: kindColor(kind), fillOpacity: layerName === 'disputes' ? 0.25 : 0.15 };
      // status as on markers: outlined (dashed, no fill) = planned/possible, faded =
      // denied/historical, heavier outline = disputed
      if (status === 'planned' || status === 'possible') { st.dashArray = st.dashArray || '6 5'; st.fillOpacity = 0.03; }
      if (status === 'denied' || status === 'historical') { st.opacity = 0.35; st.fillOpacity = 0.04; }
      if (status === 'disputed' && !isRing) st.weight = 3.5;
      // outlines with mitred corners and square dash ends: round joins and caps (Leaflet's
      // default) on thousands of outlines are most of what the canvas rasterises
      if (!isLine) { st.lineJoin = 'miter'; st.lineCap = 'butt'; }
      st.renderer = featureRenderer;
      return st;
    }

    function lineParts(g) {
      if (g.type === 'LineString') return [g.coordinates];
      if (g.type === 'MultiLineString') return g.coordinates;
      return [];
    }

    function arrowFor(part, color) {
      var n = part.length;
      if (n < 2) return null;
      var b = part[n - 1];
      var a = null;
      for (var i = n - 2; i >= 0; i--) {
        if (part[i][0] !== b[0] || part[i][1] !== b[1]) { a = part[i]; break; }
      }
      if (!a) return null;
      // Web Mercator is conformal: the on-screen bearing is the same at every zoom.
      var pa = L.CRS.EPSG3857.project(L.latLng(a[1], a[0]));
      var pb = L.CRS.EPSG3857.project(L.latLng(b[1], b[0]));
      var angle = Math.atan2(-(pb.y - pa.y), pb.x - pa.x);
      return new Arrowhead([b[1], b[0]], {
        renderer: featureRenderer, radius: 9, angle: angle, color: '#ffffff', weight: 1.2,
        fillColor: color, fillOpacity: 1, opacity: 1
      });
    }

    var newSince = str(meta.new_since);
    var freshList = [];
    var layerColors = new Map();

    /* points: a view clusterer of our own. Every point is a row of the arrays below (Web
       Mercator x/y at zoom 0, in 0..1, its feature, its layer's slot); at each view or filter
       change the shown points near the view are binned into a screen grid, and only those cells
       become DOM markers: a bubble with the layer mix, or the point's own icon. The page then
       holds a few hundred markers whatever the number of features, and a toggle or a date
       change is one pass over typed numbers. */
    var CELL = 56; // px: points closer than this share a bubble
    var UNCLUSTER_ZOOM = 13; // from here on only points on the same spot are grouped
    var ptF = []; // feature of each point
    var ptLL = []; // L.LatLng of each point
    var ptXs = [];
    var ptYs = [];
    var ptX = null; // Float64Array views, made when the layers are read
    var ptY = null;
    var ptShown = null; // Uint8Array: its feature is shown (kept by apply)
    var ptMarker = []; // its marker once drawn (kept for the next time)
    var vecAll = []; // the features drawn as shapes (polygons, lines, rings)
    var layerSlot = new Map(); // layer name -> index into a cell's mix
    function addPoint(f, lon, lat) {
      var la = Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI / 180;
      ptF.push(f);
      ptLL.push(L.latLng(lat, lon));
      ptXs.push((lon + 180) / 360);
      ptYs.push(0.5 - Math.log(Math.tan(Math.PI / 4 + la / 2)) / (2 * Math.PI));
      ptMarker.push(null);
    }
    function pointMarker(j) {
      var m = ptMarker[j];
      if (!m) {
        var f = ptF[j];
        m = L.marker(ptLL[j], { icon: iconFor(f.kind, f.layer.name, f.coarse, f.fresh, f.status, f.area) });
        m._pf = f;
        ptMarker[j] = m;
      }
      return m;
    }
    function fmtCount(n) {
      return n < 10000 ? String(n) : Math.round(n / 1000) + 'k';
    }
    function clusterIcon(n, mix) {
      // a pie of the layers in the bubble (conic gradient), the count in its middle; built
      // from numbers and the checked layer colours only
      var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
      var stops = [];
      var acc = 0;
      for (var i = 0; i < mix.length; i++) {
        if (!mix[i]) continue;
        var a = acc;
        acc += 100 * mix[i] / n;
        stops.push(slotColors[i] + ' ' + a.toFixed(2) + '% ' + acc.toFixed(2) + '%');
      }
      var pie = stops.length > 1 ? 'conic-gradient(' + stops.join(',') + ')' : stops[0].split(' ')[0];
      return L.divIcon({
        html: '<div class="pm-cluster-pie" style="width:' + size + 'px;height:' + size +
          'px;background:' + pie + '"><span>' + fmtCount(n) + '</span></div>',
        className: 'pm-cluster', iconSize: [size, size], iconAnchor: [size / 2, size / 2]
      });
    }
    var slotColors = [];
    var drawn = new Map(); // key -> marker on the map
    function newCell(j, x, y, key, nSlots) {
      var e = { j: j, n: 1, sx: x, sy: y, minX: x, maxX: x, minY: y, maxY: y, mix: new Array(nSlots).fill(0), key: key };
      e.mix[ptF[j].layer.slot]++;
      return e;
    }
    function addToCell(e, j, x, y) {
      e.n++;
      e.sx += x;
      e.sy += y;
      if (x < e.minX) e.minX = x;
      if (x > e.maxX) e.maxX = x;
      if (y < e.minY) e.minY = y;
      if (y > e.maxY) e.maxY = y;
      e.mix[ptF[j].layer.slot]++;
    }
    var lastCells = null;
    function drawPoints() {
      if (!map._loaded || !ptX) return;
      var z = map.getZoom();
      var scale = 256 * Math.pow(2, z);
      var size = map.getSize();
      var c = map.project(map.getCenter(), z);
      var x0 = c.x - size.x; // the view and half a view on each side
      var x1 = c.x + size.x;
      var y0 = c.y - size.y;
      var y1 = c.y + size.y;
      var cell = z >= UNCLUSTER_ZOOM ? 1 : CELL;
      var gx0 = Math.floor(x0 / cell);
      var gy0 = Math.floor(y0 / cell);
      var cells = new Map();
      var nSlots = slotColors.length;
      // cells live in a dense grid (typed arrays, no allocation per point) while clustering;
      // close up (cell = 1 px) in a Map
      var gw = Math.ceil((x1 - x0) / cell) + 2;
      var gh = Math.ceil((y1 - y0) / cell) + 2;
      var dense = cell > 1 && gw * gh < 200000;
      var gN = dense ? new Int32Array(gw * gh) : null;
      var gJ = dense ? new Int32Array(gw * gh) : null;
      for (var j = 0; j < ptX.length; j++) {
        if (!ptShown[j]) continue;
        var y = ptY[j] * scale;
        if (y < y0 || y > y1) continue;
        var x = ptX[j] * scale;
        if (x < x0 || x > x1) {
          x += Math.round((c.x - x) / scale) * scale; // the world copy nearest the centre
          if (x < x0 || x > x1) continue;
        }
        var gx = Math.floor(x / cell) - gx0;
        var gy = Math.floor(y / cell) - gy0;
        var key = gx * 1048576 + gy;
        if (dense) {
          var gi = gx * gh + gy;
          if (gN[gi]++ === 0) { gJ[gi] = j; continue; }
          var e = cells.get(key);
          if (!e) { // the second point of a cell: from here on counted as a bubble
            var j0 = gJ[gi];
            var x0j = ptX[j0] * scale;
            x0j += Math.round((c.x - x0j) / scale) * scale;
            e = newCell(j0, x0j, ptY[j0] * scale, key, nSlots);
            cells.set(key, e);
          }
          addToCell(e, j, x, y);
          continue;
        }
        var e2 = cells.get(key);
        if (!e2) {
          e2 = newCell(j, x, y, key, nSlots);
          cells.set(key, e2);
        } else {
          addToCell(e2, j, x, y);
        }
      }
      if (dense) { // the cells with one point
        for (var gi2 = 0; gi2 < gN.length; gi2++) {
          if (gN[gi2] === 1) cells.set(-1 - gi2, { j: gJ[gi2], n: 1 });
        }
      }
      var want = new Map();
      cells.forEach(function (e) {
        if (e.n === 1) {
          // a point drawn from another world copy (a view across the antimeridian) gets a
          // marker of its own there
          var px = ptX[e.j] * scale;
          var wrap = px < x0 || px > x1 ? Math.round((c.x - px) / scale) : 0;
          if (!wrap) {
            want.set('p' + e.j, pointMarker(e.j));
          } else {
            var wk = 'p' + e.j + '@' + wrap;
            var wm = drawn.get(wk);
            if (!wm) {
              var base = pointMarker(e.j);
              wm = L.marker([ptLL[e.j].lat, ptLL[e.j].lng + 360 * wrap], { icon: base.options.icon });
              wm._pf = base._pf;
            }
            want.set(wk, wm);
          }
          return;
        }
        var k = 'c' + z + ':' + Math.round(e.sx / e.n) + ':' + Math.round(e.sy / e.n) + ':' + e.mix.join(',');
        var m = drawn.get(k);
        if (!m) {
          m = L.marker(map.unproject([e.sx / e.n, e.sy / e.n], z), { icon: clusterIcon(e.n, e.mix) });
        }
        m._pc = { z: z, cell: cell, gx0: gx0, gy0: gy0, key: e.key, n: e.n, mix: e.mix, cx: c.x, scale: scale,
          bounds: L.latLngBounds(map.unproject([e.minX, e.maxY], z), map.unproject([e.maxX, e.minY], z)),
          spot: e.maxX - e.minX < 1e-6 * scale && e.maxY - e.minY < 1e-6 * scale };
        want.set(k, m);
      });
      drawn.forEach(function (m, k) {
        if (!want.has(k)) pointsGroup.removeLayer(m);
      });
      want.forEach(function (m, k) {
        if (!drawn.has(k)) pointsGroup.addLayer(m);
      });
      drawn = want;
      lastCells = cells;
      container.setAttribute('data-pm-drawn', String(want.size));
    }
    // the features of a bubble: the shown points that fall in its cell (as drawn last)
    function clusterMembers(pc) {
      var out = [];
      var seen = new Set();
      for (var j = 0; j < ptX.length; j++) {
        var f = ptF[j];
        if (!f.shown || seen.has(f)) continue;
        var x = ptX[j] * pc.scale;
        x += Math.round((pc.cx - x) / pc.scale) * pc.scale;
        var key = (Math.floor(x / pc.cell) - pc.gx0) * 1048576 + (Math.floor(ptY[j] * pc.scale / pc.cell) - pc.gy0);
        if (key === pc.key) { seen.add(f); out.push(f); }
      }
      return out;
    }

    // The data come column-wise: a column is a list of values, or {d: uniques, c: codes}
    // when its values repeat. A feature's properties object is built only when asked for
    // (popup, export): 100k features need not make 100k objects up front.
    function decode(enc, n) {
      var out = new Array(n);
      if (enc && Array.isArray(enc.c) && Array.isArray(enc.d)) {
        for (var i = 0; i < n; i++) out[i] = enc.d[enc.c[i]];
      } else {
        for (var j = 0; j < n; j++) out[j] = Array.isArray(enc) ? enc[j] : null;
      }
      return out;
    }
    function Feature(layer, i) {
      this.layer = layer;
      this.index = i;
      this._props = null;
      this._text = null;
      this.pts = []; // indices into the point arrays (several for a MultiPoint)
      this.ll = null; // its first point (L.LatLng)
      this.vector = null;
      this.shown = false;
    }
    Object.defineProperty(Feature.prototype, 'props', {
      get: function () {
        if (!this._props) {
          var cols = this.layer.columns;
          var p = Object.create(null);
          for (var c = 0; c < cols.length; c++) p[cols[c].name] = cols[c].values[this.index];
          this._props = p;
        }
        return this._props;
      }
    });
    Object.defineProperty(Feature.prototype, 'text', {
      get: function () {
        if (this._text === null) {
          var p = this.props;
          this._text = [p.subject, p.place, p.actor, p.kind, p.mention].map(str).join(' \u0001 ').toLowerCase();
        }
        return this._text;
      }
    });
    function col(layer, name) {
      var c = layer.colIndex.get(name);
      return c === undefined ? null : layer.columns[c].values;
    }

    (data.layers || []).forEach(function (ld) {
      var name = str(ld.name);
      var color = /^#[0-9a-f]{6}$/i.test(str(ld.color)) ? str(ld.color) : OTHER_COLOR;
      layerColors.set(name, color);
      var n = Math.max(0, Number(ld.n) || 0);
      var geoms = Array.isArray(ld.geometries) ? ld.geometries : [];
      n = Math.min(n, geoms.length);
      var layer = {
        name: name, label: own(LAYER_LABELS, name) ? LAYER_LABELS[name] : name, color: color,
        on: true, kinds: new Map(), kindOrder: [], features: [], columns: [], colIndex: new Map(),
        slot: slotColors.length
      };
      slotColors.push(color);
      (ld.columns || []).forEach(function (cname, c) {
        layer.colIndex.set(str(cname), c);
        layer.columns.push({ name: str(cname), values: decode((ld.values || [])[c], n) });
      });
      var kinds = col(layer, 'kind') || [];
      var ranges = col(layer, 'range_km') || [];
      var precision = col(layer, 'location_precision') || [];
      var statuses = col(layer, 'status') || [];
      var firstSeen = col(layer, 'first_seen') || [];
      var firstRep = col(layer, 'first_reported') || [];
      var whens = decode(ld.when, n);
      for (var i = 0; i < n; i++) {
        var g = geoms[i];
        var isPoint = Array.isArray(g);
        if (!isPoint && !(g && typeof g === 'object' && g.type)) continue;
        var kind = str(kinds[i]) || '(unspecified)';
        var when = str(whens[i]);
        var rangeKm = Number(ranges[i]);
        var isRing = /range ring/i.test(kind) || rangeKm > 0 && !isPoint && /Polygon/.test(g.type);
        // new since the date the map was asked about: first seen by an update, else first
        // reported (ISO dates compare as strings)
        var seenOn = str(firstSeen[i]) || str(firstRep[i]);
        var fresh = !!newSince && !isRing && seenOn !== '' && seenOn >= newSince;
        var f = new Feature(layer, i);
        f.kind = kind;
        f.when = when;
        f.ring = isRing;
        f.fresh = fresh;
        f.status = statusKey(statuses[i]);
        f.coarse = coarse({ location_precision: precision[i] });
        f.area = str(precision[i]) === 'area';
        f.geom = g;
        if (when) days.set(when, (days.get(when) || 0) + 1);
        if (!layer.kinds.has(kind)) {
          layer.kinds.set(kind, { name: kind, on: true, count: 0, geom: {}, color: kindColor(kind) });
          layer.kindOrder.push(kind);
        }
        var kd = layer.kinds.get(kind);
        f.kd = kd;
        kd.count++;
        if (isPoint || g.type === 'Point' || g.type === 'MultiPoint') {
          kd.geom.point = true;
          var pts = isPoint ? [g] : g.type === 'Point' ? [g.coordinates] : g.coordinates;
          for (var q = 0; q < pts.length; q++) {
            var lon = Number(pts[q][0]);
            var lat = Number(pts[q][1]);
            if (!isFinite(lon) || !isFinite(lat)) continue;
            if (!f.ll) f.ll = L.latLng(lat, lon);
            f.pts.push(ptF.length);
            addPoint(f, lon, lat);
          }
        } else {
          var isLine = /LineString/.test(g.type);
          kd.geom[isRing ? 'ring' : isLine ? 'line' : 'polygon'] = true;
          var style = vectorStyle(name, kind, isRing, isLine, f.status);
          var shape = L.GeoJSON.geometryToLayer({ type: 'Feature', properties: {}, geometry: g }, {});
          shape.setStyle && shape.setStyle(style);
          if (shape.options) {
            shape.options.renderer = featureRenderer;
            shape.options.smoothFactor = 2; // fewer vertices for small shapes: cheaper redraws
          }
          shape._pf = f;
          shape._containsPoint = shownContains;
          var group = null; // a line and its arrowheads; any other shape alone
          if (isLine) {
            group = L.featureGroup([shape]);
            lineParts(g).forEach(function (part) {
              var arrow = arrowFor(part, style.color);
              if (arrow) { arrow._pf = f; arrow._containsPoint = shownContains; group.addLayer(arrow); }
            });
          }
          f.vector = group || shape;
          f.shape = shape;
          vecAll.push(f);
        }
        layer.features.push(f);
        all.push(f);
        if (fresh) freshList.push(f);
      }
      layers.push(layer);
    });
    ptX = Float64Array.from(ptXs);
    ptY = Float64Array.from(ptYs);
    ptShown = new Uint8Array(ptX.length);
    ptXs = ptYs = null;

    /* popups and tooltips (one shared popup; tooltips bound lazily) */
    // Pan popups clear of the search box (top left) and the legend (right) so they are never
    // hidden under a control.
    // On a phone-sized map the padding comes from the screen, not the desktop controls: a
    // popup no wider than the screen, panned fully into view with its close button.
    var popup = L.popup({ maxWidth: 380, minWidth: 240, className: 'pm-leaflet-popup' });
    function fitPopup() {
      var size = map.getSize();
      var o = popup.options;
      if (size.x < 600 || size.y < 500) {
        o.maxWidth = Math.max(150, Math.min(380, size.x - 44));
        o.minWidth = Math.min(240, o.maxWidth);
        o.autoPanPaddingTopLeft = L.point(8, Math.min(48, Math.round(size.y / 12)));
        o.autoPanPaddingBottomRight = L.point(8, 24);
      } else {
        o.maxWidth = 380;
        o.minWidth = 240;
        o.autoPanPaddingTopLeft = L.point(Math.min(260, size.x / 4), Math.min(215, size.y / 4));
        o.autoPanPaddingBottomRight = L.point(Math.min(300, size.x / 4), 40);
      }
    }
    var openFeature = null;
    function openPopup(f, latlng, keepView) {
      fitPopup();
      popup.options.autoPan = !keepView; // a permalink's popup opens where the link says
      openFeature = f;
      container.classList.add('pm-popup-open');
      popup.setLatLng(latlng).setContent(buildPopup(f)).openOn(map);
      hooks.popup.forEach(function (h) { h(f); });
      return popup;
    }
    map.on('popupclose', function (e) {
      if (e.popup !== popup) return;
      openFeature = null;
      container.classList.remove('pm-popup-open');
      hooks.popup.forEach(function (h) { h(null); });
    });
    function featureLatLng(f) {
      if (f.ll) return f.ll;
      return f.shape.getBounds().getCenter();
    }
    // A bubble whose features all sit on one spot (20 facts at a country's representative point)
    // cannot be split by zooming: it opens a list of them instead.
    function clusterPopup(pc, latlng) {
      var members = clusterMembers(pc);
      var root = el('div', 'pm-popup pm-cluster-list');
      var places = new Set(members.map(function (f) { return str(f.props.place); }));
      var coarseAll = members.every(function (f) { return f.coarse; });
      var where = places.size === 1 ? Array.from(places)[0] : '';
      root.appendChild(el('div', 'pm-popup-subject', members.length + ' features' +
        (where ? (coarseAll ? ' somewhere in ' : ' at ') + where : ' here')));
      if (coarseAll) root.appendChild(el('div', 'pm-note', 'Placed at the country or region, not at an exact spot'));
      var ul = el('ul', 'pm-event-list');
      members.sort(function (a, b) { return a.when < b.when ? 1 : a.when > b.when ? -1 : 0; });
      members.slice(0, 100).forEach(function (f) {
        var li = el('li', 'pm-event');
        li.tabIndex = 0;
        li.appendChild(el('span', 'pm-event-date', f.when || 'undated'));
        li.appendChild(el('span', 'pm-event-kind', ' ' + f.kind));
        li.appendChild(el('div', 'pm-search-subject', str(f.props.subject) || '(unnamed)'));
        var go = function (ev) { L.DomEvent.preventDefault(ev); openPopup(f, featureLatLng(f)); };
        L.DomEvent.on(li, 'click', go);
        L.DomEvent.on(li, 'keydown', function (ev) { if (ev.key === 'Enter') go(ev); });
        ul.appendChild(li);
      });
      if (members.length > 100) ul.appendChild(el('li', 'pm-search-none', '… and ' + (members.length - 100) + ' more'));
      root.appendChild(ul);
      fitPopup();
      popup.options.autoPan = true;
      openFeature = null;
      container.classList.add('pm-popup-open');
      popup.setLatLng(latlng).setContent(root).openOn(map);
      return members.length;
    }
    // Padding for fitBounds from the controls actually on screen (the tool column on the left,
    // an open legend on the right, the date box at the bottom), so what is zoomed to is not
    // hidden under them, on a phone as on a laptop.
    function controlPadding() {
      var box = container.getBoundingClientRect();
      var size = map.getSize();
      function extent(sel) {
        var r = null;
        container.querySelectorAll(sel).forEach(function (n) {
          var b = n.getBoundingClientRect();
          if (!b.width || !b.height) return;
          r = r ? { l: Math.min(r.l, b.left), t: Math.min(r.t, b.top), r: Math.max(r.r, b.right), b: Math.max(r.b, b.bottom) }
            : { l: b.left, t: b.top, r: b.right, b: b.bottom };
        });
        return r;
      }
      var left = extent('.leaflet-top.leaflet-left > .leaflet-control');
      var right = extent('.leaflet-top.leaflet-right > .leaflet-control');
      var bottom = extent('.leaflet-bottom.leaflet-right > .leaflet-control');
      var tl = [20, 20];
      var br = [20, 20];
      if (left) tl[0] = Math.max(tl[0], left.r - box.left + 10);
      if (right) br[0] = Math.max(br[0], box.right - right.l + 10);
      if (bottom) br[1] = Math.max(br[1], box.bottom - bottom.t + 10);
      // never leave less than a quarter of the map's width, a half of its height
      tl[0] = Math.min(tl[0], size.x * 0.6);
      br[0] = Math.max(20, Math.min(br[0], size.x * 0.75 - tl[0]));
      br[1] = Math.min(br[1], size.y / 2);
      return { paddingTopLeft: tl, paddingBottomRight: br };
    }
    function fitTo(bounds, maxZoom) {
      var o = controlPadding();
      o.maxZoom = maxZoom;
      map.fitBounds(bounds, o);
    }
    function onClusterClick(m) {
      var pc = m._pc;
      if (pc.spot || map.getZoom() >= map.getMaxZoom()) {
        clusterPopup(pc, m.getLatLng());
      } else {
        fitTo(pc.bounds, Math.max(pc.z + 1, UNCLUSTER_ZOOM));
      }
    }
    function onClick(e) {
      if (measuring) return;
      if (e.layer && e.layer._pc) { onClusterClick(e.layer); return; }
      var f = e.layer && e.layer._pf;
      if (!f) return;
      var ll = f.pts.length ? e.layer.getLatLng() : e.latlng;
      openPopup(f, ll);
    }
    /* "somewhere in Venezuela": hovering a country-level feature lights up that country */
    var lit = null;
    function highlight(f) {
      unhighlight();
      var shape = f && f.coarse ? outlineByName.get(str(f.props.place).toLowerCase()) : null;
      if (!shape || !shape.feature) return;
      // a copy above the tiles (the outlines themselves lie under them)
      lit = L.geoJSON(shape.feature, {
        renderer: areaRenderer, interactive: false,
        style: function () { return { color: '#d84315', weight: 2.5, dashArray: '6 4', fillColor: '#ffcc80', fillOpacity: 0.25 }; }
      }).addTo(map);
      container.setAttribute('data-pm-lit', '1');
    }
    function unhighlight() {
      if (lit) map.removeLayer(lit);
      lit = null;
      container.removeAttribute('data-pm-lit');
    }
    function clusterTip(pc) {
      var t = el('div', 'pm-tooltip');
      t.appendChild(el('strong', null, pc.n + ' features'));
      var parts = [];
      layers.forEach(function (l) { if (pc.mix[l.slot]) parts.push(pc.mix[l.slot] + ' ' + l.label.toLowerCase()); });
      t.appendChild(el('div', null, parts.join(' · ')));
      t.appendChild(el('div', 'pm-note', pc.spot ? 'on one spot: click to list them' : 'click to zoom in'));
      return t;
    }
    function onOver(e) {
      var lyr = e.layer;
      if (lyr && lyr._pc) {
        if (!lyr.getTooltip()) {
          lyr.bindTooltip(clusterTip(lyr._pc), { direction: 'top', opacity: 0.95 });
          lyr.openTooltip();
        }
        return;
      }
      var f = lyr && lyr._pf;
      if (!f) return;
      highlight(f);
      if (!lyr.getTooltip()) {
        lyr.bindTooltip(buildTooltip(f), { direction: 'top', sticky: !f.pts.length, opacity: 0.95 });
        lyr.openTooltip(e.latlng);
      }
    }
    pointsGroup.on('click', onClick);
    vectors.on('click', onClick);
    pointsGroup.on('mouseover', onOver);
    vectors.on('mouseover', onOver);
    pointsGroup.on('mouseout', unhighlight);
    vectors.on('mouseout', unhighlight);
    map.on('moveend', drawPoints);

    /* filtering: layer / kind toggles here; status, actor, source and dates add their test to
       `filters` (posture-filters.js) */
    var filters = [];
    var hooks = { applied: [], popup: [] };
    function wanted(f) {
      if (!f.layer.on || !f.kd.on) return false;
      for (var i = 0; i < filters.length; i++) if (!filters[i](f)) return false;
      return true;
    }
    // Every shape goes on the map once, at load, in slices of at most ~25 ms (thousands of
    // polygons), so the page never freezes; whether it is drawn then follows its feature's
    // `shown` (BatchCanvas skips the others, in drawing and in hit testing). A filter change
    // therefore adds or removes no Leaflet layer: it marks the features and the canvas is drawn
    // again in the next frame; points are redrawn at once (one pass over typed arrays).
    var vecAt = 0;
    var vecTimer = null;
    function addVectors() {
      var t = performance.now();
      featureRenderer.hold(true);
      while (vecAt < vecAll.length) {
        vectors.addLayer(vecAll[vecAt++].vector);
        if ((vecAt & 63) === 0 && performance.now() - t > 25) break;
      }
      vecTimer = null;
      if (vecAt < vecAll.length) {
        vecTimer = setTimeout(addVectors, 0);
      } else {
        featureRenderer.hold(false);
        if (!api.ready && started) setTimeout(finishLoading, 0); // ready: everything is drawn
      }
    }
    var started = false;
    function apply() {
      var changed = 0;
      var shapes = false;
      for (var i = 0; i < all.length; i++) {
        var f = all[i];
        var w = wanted(f);
        if (w === f.shown) continue;
        f.shown = w;
        changed++;
        if (f.vector) shapes = true;
        for (var q = 0; q < f.pts.length; q++) ptShown[f.pts[q]] = w ? 1 : 0;
      }
      if (shapes) featureRenderer.redrawAll();
      drawPoints();
      updateCounts();
      hooks.applied.forEach(function (h) { h(); });
      return changed;
    }

    /* title and footer */
    var titleBox = el('div', 'pm-title');
    titleBox.appendChild(el('div', 'pm-title-text', str(meta.title) || 'posture'));
    container.appendChild(titleBox);
    stopEvents(titleBox);

    // On a narrow screen the footer stacks in the bottom-right corner under the date box, so
    // the two never overlap.
    var narrow = window.innerWidth < 600;
    control(narrow ? 'bottomright' : 'bottomleft', function () {
      var foot = el('div', 'pm-footer');
      var parts = [];
      if (meta.n_sources !== null && meta.n_sources !== undefined) {
        parts.push(meta.n_sources + (Number(meta.n_sources) === 1 ? ' source article' : ' source articles'));
      }
      parts.push(all.length + (all.length === 1 ? ' feature' : ' features'));
      if (meta.generated) parts.push('generated ' + str(meta.generated));
      foot.textContent = parts.join(' · ');
      return foot;
    }).addTo(map);

    /* a top-left tool button (fullscreen, measure) with an inline SVG icon */
    function toolButton(cls, title, label, svg, onClick) {
      var btn = el('a', 'pm-btn ' + cls);
      btn.href = '#';
      btn.setAttribute('role', 'button');
      btn.title = title;
      btn.setAttribute('aria-label', label);
      btn.appendChild(svgNode(svg));
      L.DomEvent.on(btn, 'click', function (e) { L.DomEvent.preventDefault(e); onClick(); });
      control('topleft', function () {
        var bar = el('div', 'leaflet-bar pm-tool');
        bar.appendChild(btn);
        return bar;
      }).addTo(map);
      return btn;
    }

    /* fullscreen (the Fullscreen API) */
    if (document.fullscreenEnabled && container.requestFullscreen) {
      toolButton('pm-fullscreen', 'Full screen', 'Full screen',
        '<svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="#333" stroke-width="2.5"><path d="M3 9V3h6M15 3h6v6M21 15v6h-6M9 21H3v-6"/></svg>',
        function () {
          if (document.fullscreenElement) document.exitFullscreen();
          else container.requestFullscreen().catch(function () {});
        });
      document.addEventListener('fullscreenchange', function () { map.invalidateSize(); });
    }

    /* distance measuring: click points, geodesic (haversine) total */
    var measuring = false;
    var measureLayer = L.layerGroup().addTo(map);
    var measurePts = [];
    var measureLine = null;
    var measureOut = el('div', 'pm-measure-out');
    function measureText() {
      var km = 0;
      for (var i = 1; i < measurePts.length; i++) km += haversineKm(measurePts[i - 1], measurePts[i]);
      measureOut.textContent = measurePts.length < 2
        ? (measuring ? 'Click on the map to measure' : '')
        : 'Distance: ' + fmtKm(km);
      api.measuredKm = km;
      return km;
    }
    function setMeasuring(on, btn) {
      measuring = on;
      container.classList.toggle('pm-measuring', on);
      btn.classList.toggle('pm-active', on);
      if (on) {
        measureLayer.clearLayers();
        measurePts = [];
        measureLine = L.polyline([], { color: '#111', weight: 2, dashArray: '4 4', interactive: false }).addTo(measureLayer);
      }
      measureOut.style.display = on || measurePts.length > 1 ? 'block' : 'none';
      measureText();
    }
    var measureBtn = toolButton('pm-measure', 'Measure distance (click points; Esc ends)',
      'Measure distance',
      '<svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="#333" stroke-width="2"><path d="M2 17L17 2l5 5L7 22z M6 13l2 2 M9 10l2 2 M12 7l2 2 M15 4l2 2"/></svg>',
      function () { setMeasuring(!measuring, measureBtn); });
    control('topleft', function () {
      measureOut.style.display = 'none';
      return measureOut;
    }).addTo(map);
    map.on('click', function (e) {
      if (!measuring) return;
      measurePts.push(e.latlng);
      measureLine.setLatLngs(measurePts);
      L.circleMarker(e.latlng, { radius: 3, color: '#111', weight: 1, fillOpacity: 1, interactive: false }).addTo(measureLayer);
      measureText();
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && measuring) setMeasuring(false, measureBtn);
    });

    /* search by place or subject */
    var searchInput;
    var searchList;
    // Fly to a feature and open its popup. "Zoom to" stops at the scale the place deserves: a
    // country-level fact at a country's scale, an area at a region's, only a pin close up.
    var FOCUS_ZOOM = { country: 5, area: 7, offset: 10 };
    function focusFeature(f) {
      if (f.ll) {
        var lp = str(f.props.location_precision);
        var z = own(FOCUS_ZOOM, lp) ? FOCUS_ZOOM[lp] : Math.max(map.getZoom(), UNCLUSTER_ZOOM);
        map.setView(f.ll, z, { animate: false });
        openPopup(f, f.ll);
      } else {
        fitTo(f.shape.getBounds(), 8);
        openPopup(f, featureLatLng(f));
      }
    }
    // one list entry for a feature (search hits, what is new): click or Enter opens it
    function featureItem(f) {
      var li = el('li', 'pm-search-hit');
      li.tabIndex = 0;
      li.appendChild(el('span', 'pm-search-subject', str(f.props.subject) || '(unnamed)'));
      li.appendChild(el('span', 'pm-search-where', ' — ' + str(f.props.place) + ' · ' + f.layer.label));
      var go = function (ev) { L.DomEvent.preventDefault(ev); focusFeature(f); };
      L.DomEvent.on(li, 'click', go);
      L.DomEvent.on(li, 'keydown', function (ev) { if (ev.key === 'Enter') go(ev); });
      return li;
    }
    function runSearch() {
      var q = searchInput.value.trim().toLowerCase();
      searchList.textContent = '';
      if (q.length < 2) { searchList.style.display = 'none'; return []; }
      var hits = [];
      for (var i = 0; i < all.length && hits.length < 12; i++) {
        if (all[i].shown && all[i].text.indexOf(q) >= 0) hits.push(all[i]);
      }
      if (!hits.length) searchList.appendChild(el('li', 'pm-search-none', 'No visible feature matches'));
      hits.forEach(function (f) {
        searchList.appendChild(featureItem(f));
      });
      searchList.style.display = 'block';
      return hits;
    }
    control('topleft', function () {
      var box = el('div', 'pm-search');
      searchInput = el('input', 'pm-search-input');
      searchInput.type = 'search';
      searchInput.placeholder = 'Search place or subject…';
      searchInput.setAttribute('aria-label', 'Search place or subject');
      searchList = el('ul', 'pm-search-results');
      searchList.style.display = 'none';
      var timer = null;
      L.DomEvent.on(searchInput, 'input', function () {
        clearTimeout(timer);
        timer = setTimeout(runSearch, 120);
      });
      L.DomEvent.on(searchInput, 'keydown', function (ev) {
        if (ev.key === 'Enter') {
          var first = searchList.querySelector('.pm-search-hit');
          if (first) first.click();
        }
      });
      box.appendChild(searchInput);
      box.appendChild(searchList);
      return box;
    }, true).addTo(map);

    /* what is new since --new-since: a list under the search box */
    if (newSince) {
      control('topleft', function () {
        var box = el('details', 'pm-new-panel');
        box.appendChild(el('summary', 'pm-new-title',
          'New since ' + newSince + ' (' + freshList.length + ')'));
        var list = el('ul', 'pm-new-list');
        freshList.slice(0, 200).forEach(function (f) {
          list.appendChild(featureItem(f));
        });
        if (freshList.length > 200) list.appendChild(el('li', 'pm-search-none', '… and ' + (freshList.length - 200) + ' more'));
        if (!freshList.length) list.appendChild(el('li', 'pm-search-none', 'Nothing new'));
        box.appendChild(list);
        return box;
      }, true).addTo(map);
    }
    api.fresh = freshList.length;

    /* legend + layer/kind toggles (one panel) */
    function legendSwatch(layer, kd) {
      var sw = el('span', 'pm-swatch');
      if (kd.geom.point) {
        sw.appendChild(svgNode(iconSvg(shapeFor(kd.name), kd.color, 16)));
      } else if (kd.geom.ring) {
        var r = el('span', 'pm-swatch-ring');
        r.style.borderColor = kd.color;
        sw.appendChild(r);
      } else if (kd.geom.line) {
        sw.appendChild(svgNode('<svg width="18" height="12" viewBox="0 0 18 12"><path d="M1 6H12" stroke="' +
          kd.color + '" stroke-width="2.5"/><path d="M11 1L17 6L11 11Z" fill="' + kd.color + '"/></svg>'));
      } else {
        var b = el('span', 'pm-swatch-box');
        b.style.borderColor = layer.color;
        b.style.backgroundColor = kd.color;
        sw.appendChild(b);
      }
      return sw;
    }
    var countNodes = [];
    function updateCounts() {
      layers.forEach(function (l) {
        var vis = 0;
        for (var i = 0; i < l.features.length; i++) if (l.features[i].shown) vis++;
        l.visible = vis;
        container.setAttribute('data-pm-visible-' + safeClass(l.name), String(vis));
      });
      countNodes.forEach(function (c) { c.node.textContent = String(c.get()); });
    }
    function checkbox(checked, onChange) {
      var cb = el('input');
      cb.type = 'checkbox';
      cb.checked = checked;
      L.DomEvent.on(cb, 'change', function () { onChange(cb.checked); });
      return cb;
    }
    var legendSlot = el('div', 'pm-legend-slot'); // status, actor and source filters go here
    var legendHead = null;
    control('topright', function () {
      var panel = el('div', 'pm-panel');
      var head = el('button', 'pm-panel-head', 'Layers & legend');
      legendHead = head;
      head.type = 'button';
      head.setAttribute('aria-expanded', 'true');
      var body = el('div', 'pm-panel-body');
      L.DomEvent.on(head, 'click', function () {
        var open = body.style.display === 'none';
        body.style.display = open ? '' : 'none';
        head.setAttribute('aria-expanded', open ? 'true' : 'false');
      });
      panel.appendChild(head);
      panel.appendChild(body);
      // The legend explains every symbol, so it starts open (it scrolls when long); only on
      // phone-sized screens does it start folded so it does not hide the features.
      if (window.innerWidth < 700 || window.innerHeight < 420) {
        body.style.display = 'none';
        head.setAttribute('aria-expanded', 'false');
      }
      // Folded sections first (what the symbols mean, the status, actor and source filters,
      // the basemap): however many kinds the layers list below, every section's title is in
      // view without scrolling the panel.
      var folded = el('div', 'pm-folded');
      body.appendChild(folded);
      layers.forEach(function (layer) {
        var sec = el('div', 'pm-layer');
        var lab = el('label', 'pm-layer-label');
        var cb = checkbox(true, function (v) { layer.on = v; sec.classList.toggle('pm-off', !v); apply(); });
        cb.setAttribute('data-layer', layer.name);
        lab.appendChild(cb);
        var dot = el('span', 'pm-layer-dot');
        dot.style.backgroundColor = layer.color;
        lab.appendChild(dot);
        lab.appendChild(el('span', 'pm-layer-name', layer.label));
        var cnt = el('span', 'pm-count');
        countNodes.push({ node: cnt, get: function () { return (layer.visible || 0) + '/' + layer.features.length; } });
        lab.appendChild(cnt);
        sec.appendChild(lab);
        var ul = el('ul', 'pm-kinds');
        layer.kindOrder.forEach(function (k) {
          var kd = layer.kinds.get(k);
          var li = el('li');
          var kl = el('label');
          var kcb = checkbox(true, function (v) { kd.on = v; apply(); });
          kcb.setAttribute('data-layer', layer.name);
          kcb.setAttribute('data-kind', kd.name);
          kl.appendChild(kcb);
          kl.appendChild(legendSwatch(layer, kd));
          kl.appendChild(el('span', 'pm-kind-name', kd.geom.ring ? kd.name + ' (nominal)' : kd.name));
          kl.appendChild(el('span', 'pm-count', String(kd.count)));
          li.appendChild(kl);
          ul.appendChild(li);
        });
        sec.appendChild(ul);
        body.appendChild(sec);
      });
      if (!all.length) body.appendChild(el('div', 'pm-empty', 'No features to show'));
      var symbols = el('details', 'pm-facet pm-symbols');
      symbols.appendChild(el('summary', 'pm-section-title', 'Symbols'));
      if (all.some(function (f) { return f.pts.length && f.coarse; })) {
        var key = el('div', 'pm-note pm-coarse-key');
        key.appendChild(svgNode(iconSvg('circle', '#555555', 14, true)));
        key.appendChild(el('span', null, ' hollow, dashed: somewhere in a country or region, not a pin'));
        symbols.appendChild(key);
      }
      if (all.some(function (f) { return f.pts.length && f.area; })) {
        var akey = el('div', 'pm-note pm-coarse-key pm-area-key');
        akey.appendChild(svgNode(iconSvg('circle', '#555555', 18, true, '', true)));
        akey.appendChild(el('span', null, ' in a soft circle: somewhere in a sea or region'));
        symbols.appendChild(akey);
      }
      if (ptF.length > 1) {
        // what the bubbles are (a first-time viewer asked)
        var bk = el('div', 'pm-note pm-cluster-key');
        var dot = el('span', 'pm-cluster-key-dot');
        dot.style.background = 'conic-gradient(' + slotColors.map(function (c, i) {
          return c + ' ' + (100 * i / slotColors.length).toFixed(1) + '% ' + (100 * (i + 1) / slotColors.length).toFixed(1) + '%';
        }).join(',') + ')';
        bk.appendChild(dot);
        bk.appendChild(el('span', null, ' bubble: features close together, its ring the layers\u2019 shares; click to zoom in (or list them)'));
        symbols.appendChild(bk);
      }
      if (symbols.childNodes.length > 1) folded.appendChild(symbols);
      folded.appendChild(legendSlot);

      var base = el('details', 'pm-facet pm-layer pm-basemap');
      base.appendChild(el('summary', 'pm-section-title', 'Basemap'));
      if (tiles) {
        var tl = el('label');
        tl.appendChild(checkbox(true, function (v) { if (v) map.addLayer(tiles); else map.removeLayer(tiles); }));
        tl.appendChild(el('span', null, 'OpenStreetMap tiles'));
        base.appendChild(tl);
      }
      if (areas) {
        var al = el('label');
        al.appendChild(checkbox(true, function (v) { if (v) map.addLayer(areas); else map.removeLayer(areas); }));
        al.appendChild(el('span', null, 'Disputed & curated areas'));
        base.appendChild(al);
      }
      base.appendChild(el('div', 'pm-note', outlines ? 'Embedded country outlines' + (tiles ? ' (shown when tiles are off or unreachable)' : '') : 'No embedded outlines'));
      folded.appendChild(base);
      return panel;
    }).addTo(map);

    var dayList = Array.from(days.keys()).sort();

    /* test and scripting API */
    api.layerNames = layers.map(function (l) { return l.name; });
    api.days = dayList;
    api.counts = function () {
      var out = Object.create(null);
      layers.forEach(function (l) {
        var vis = 0;
        l.features.forEach(function (f) {
          if (f.shown) vis++;
        });
        out[l.name] = { total: l.features.length, visible: vis };
      });
      return out;
    };
    api.setLayerVisible = function (name, on) {
      layers.forEach(function (l) { if (l.name === name) l.on = !!on; });
      container.querySelectorAll('input[data-layer]:not([data-kind])').forEach(function (c) {
        if (c.getAttribute('data-layer') === name) c.checked = !!on;
      });
      return apply();
    };
    api.search = function (q) { searchInput.value = q; return runSearch().length; };
    api.openPopup = function (name, index) {
      var l = layers.filter(function (x) { return x.name === name; })[0];
      var f = l && l.features[index];
      if (!f) return false;
      openPopup(f, featureLatLng(f));
      return true;
    };
    api.focus = function (name, index) {
      var l = layers.filter(function (x) { return x.name === name; })[0];
      if (l && l.features[index]) focusFeature(l.features[index]);
    };
    api.measure = function (latlngs) {
      measurePts = latlngs.map(function (p) { return L.latLng(p[0], p[1]); });
      return measureText();
    };
    api.map = map;
    api.controlPadding = controlPadding;

    var t0 = performance.now();
    function finishLoading() {
      if (api.ready) return;
      if (drawing()) { // ready once every shape is drawn
        readyWhenDrawn = true;
        return;
      }
      api.ready = true;
      api.loadMs = performance.now() - t0;
      updateCounts();
      ctx.ready.forEach(function (h) { h(); });
      container.setAttribute('data-pm-ready', '1');
    }

    /* initial view (not animated: folium has set one already, and a zoom animation still
       running when the page is ready would undo the next view change) */
    var b = meta.bounds;
    if (b && (b[0][0] !== b[1][0] || b[0][1] !== b[1][1])) {
      map.fitBounds(b, { padding: [30, 30], maxZoom: 9, animate: false });
    } else if (b) {
      map.setView(b[0], 6, { animate: false });
    } else {
      map.setView([20, 0], 2, { animate: false });
    }

    /* the other asset files (filters, time, panels, export, permalink) plug in here */
    var ctx = {
      map: map, data: data, meta: meta, api: api, container: container, layers: layers, all: all,
      days: days, dayList: dayList, filters: filters, hooks: hooks, legendSlot: legendSlot,
      legendHead: legendHead, narrow: narrow, vectors: vectors, apply: apply,
      focusFeature: focusFeature, openPopup: openPopup, featureLatLng: featureLatLng,
      openFeature: function () { return openFeature; }, toolButton: toolButton,
      iconSvg: iconSvg, svgNode: svgNode, checkbox: checkbox, countNodes: countNodes,
      state: [], restore: [], ready: []
    };
    PLUGINS.forEach(function (plugin) {
      try {
        plugin(ctx);
      } catch (err) {
        api.errors.push(String(err && err.message || err));
      }
    });
    started = true;
    apply();
    // the shapes: a few at once, many in slices after this task (the points are drawn first)
    if (vecAll.length > 400) vecTimer = setTimeout(addVectors, 0);
    else addVectors();
    // after init returns (window.postureMap is set for the hooks) and every vector is drawn
    if (!vecTimer) setTimeout(finishLoading, 0);
    return api;
  }

  var PLUGINS = [];
  window.PostureApp = {
    init: init, safeHref: safeHref, haversineKm: haversineKm,
    plugin: function (fn) { PLUGINS.push(fn); },
    util: {
      el: el, str: str, safeHref: safeHref, linkOrText: linkOrText, stopEvents: stopEvents,
      control: control, safeClass: safeClass, STATUSES: STATUSES, STATUS_NOTES: STATUS_NOTES,
      statusKey: statusKey, parseList: parseList
    }
  };
})();
