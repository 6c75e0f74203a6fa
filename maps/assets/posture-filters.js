/* posture map: status, actor and source filters (legend panel) and the date range with
 * playback. Same safety rule as posture.js: data reach the page only through textContent,
 * links only when http/https, dictionaries keyed by data are Maps.
 */
(function () {
  'use strict';

  var U = window.PostureApp.util;
  var el = U.el;
  var str = U.str;

  /* ---------------- facets: status, actor, source ---------------- */

  // A facet is a set of values (Map value -> entry {name, on, count, cb}); each feature points at
  // its entry, so the test while filtering is one property read.
  function Facet(key, title) {
    this.key = key;
    this.title = title;
    this.entries = new Map();
    this.order = [];
    this.allOn = true;
  }
  Facet.prototype.entry = function (value, extra) {
    var e = this.entries.get(value);
    if (!e) {
      e = { name: value, on: true, count: 0, cb: null, extra: extra || null };
      this.entries.set(value, e);
      this.order.push(value);
    }
    e.count++;
    return e;
  };
  Facet.prototype.sync = function () {
    var hidden = 0;
    this.entries.forEach(function (e) {
      if (e.cb) e.cb.checked = e.on;
      if (!e.on) hidden++;
    });
    this.allOn = !hidden;
    // a folded section says that it hides something
    if (this.summary) {
      this.summary.textContent = this.title + ' (' + this.order.length + ')' + (hidden ? ' \u00b7 ' + hidden + ' hidden' : '');
      this.summary.classList.toggle('pm-filtered', !!hidden);
    }
  };
  Facet.prototype.hidden = function () {
    var out = [];
    this.order.forEach(function (v) { if (!this.entries.get(v).on) out.push(v); }, this);
    return out;
  };
  Facet.prototype.setHidden = function (list) {
    var hide = new Set(list.map(str));
    this.entries.forEach(function (e, v) { e.on = !hide.has(v); });
    this.sync();
  };

  function docInfo(p) {
    var href = U.safeHref(p.doc_url);
    var outlet = '';
    if (href) {
      try { outlet = new URL(href).hostname.replace(/^www\./, ''); } catch (e) { outlet = ''; }
    }
    return { title: str(p.doc_title) || str(p.doc_id), url: p.doc_url, outlet: outlet, published: str(p.published) };
  }

  function facetSection(ctx, facet, opts) {
    var sec = el('details', 'pm-facet pm-facet-' + facet.key);
    if (opts.open) sec.open = true;
    var sum = el('summary', 'pm-section-title', facet.title + ' (' + facet.order.length + ')');
    facet.summary = sum;
    sec.appendChild(sum);
    var tools = el('div', 'pm-facet-tools');
    var allBtn = el('button', 'pm-link', 'all');
    allBtn.type = 'button';
    allBtn.addEventListener('click', function () {
      facet.entries.forEach(function (e) { e.on = true; });
      facet.sync();
      ctx.apply();
    });
    tools.appendChild(allBtn);
    sec.appendChild(tools);
    var ul = el('ul', 'pm-kinds pm-facet-list');
    facet.order.forEach(function (v) {
      var e = facet.entries.get(v);
      var li = el('li');
      var lab = el('label');
      var cb = ctx.checkbox(true, function (on) {
        e.on = on;
        facet.sync();
        ctx.apply();
      });
      cb.setAttribute('data-facet', facet.key);
      cb.setAttribute('data-value', v);
      e.cb = cb;
      lab.appendChild(cb);
      if (opts.swatch) lab.appendChild(opts.swatch(v));
      if (opts.label) lab.appendChild(opts.label(e));
      else lab.appendChild(el('span', 'pm-kind-name', v));
      lab.appendChild(el('span', 'pm-count', String(e.count)));
      li.appendChild(lab);
      var only = el('button', 'pm-link pm-only', 'only');
      only.type = 'button';
      only.title = 'Show only this';
      only.setAttribute('data-value', v);
      only.addEventListener('click', function () {
        facet.entries.forEach(function (x) { x.on = x === e; });
        facet.sync();
        ctx.apply();
      });
      li.appendChild(only);
      ul.appendChild(li);
    });
    sec.appendChild(ul);
    return sec;
  }

  window.PostureApp.plugin(function (ctx) {
    var status = new Facet('status', 'Status');
    var actor = new Facet('actor', 'Actor');
    var source = new Facet('source', 'Sources');
    var docs = new Map(); // doc_id -> first feature's document fields
    ctx.layers.forEach(function (layer) {
      var stCol = layer.colIndex.has('status') ? layer.columns[layer.colIndex.get('status')].values : [];
      var acCol = layer.colIndex.has('actor') ? layer.columns[layer.colIndex.get('actor')].values : [];
      var dcCol = layer.colIndex.has('doc_id') ? layer.columns[layer.colIndex.get('doc_id')].values : [];
      layer.features.forEach(function (f) {
        var i = f.index;
        f.fStatus = status.entry(str(stCol[i]) || '(no status)');
        f.fActor = actor.entry(str(acCol[i]) || '(no actor)');
        var d = str(dcCol[i]) || '(no source)';
        if (!docs.has(d)) docs.set(d, docInfo(f.props));
        f.fSource = source.entry(d);
      });
    });
    // statuses in their fixed order, others after; actors and sources by count
    var rank = function (v) { var k = U.STATUSES.indexOf(v); return k < 0 ? 99 : k; };
    status.order.sort(function (a, b) { return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0); });
    function byCount(facet) {
      facet.order.sort(function (a, b) {
        return facet.entries.get(b).count - facet.entries.get(a).count || (a < b ? -1 : a > b ? 1 : 0);
      });
    }
    byCount(actor);
    byCount(source);
    ctx.filters.push(function (f) {
      return (status.allOn || f.fStatus.on) && (actor.allOn || f.fActor.on) && (source.allOn || f.fSource.on);
    });
    ctx.facets = { status: status, actor: actor, source: source };
    ctx.docs = docs;

    if (ctx.all.length) {
      // folded, like every section under the layers (their titles say when they hide something)
      ctx.legendSlot.appendChild(facetSection(ctx, status, {
        open: false,
        swatch: function (v) {
          var sw = el('span', 'pm-swatch');
          sw.appendChild(ctx.svgNode(ctx.iconSvg('circle', '#455a64', 16, false, U.statusKey(v))));
          return sw;
        },
        label: function (e) {
          var k = U.statusKey(e.name);
          var span = el('span', 'pm-kind-name', e.name);
          if (k !== 'other') span.appendChild(el('span', 'pm-note', ' ' + U.STATUS_NOTES[k]));
          return span;
        }
      }));
      ctx.legendSlot.appendChild(facetSection(ctx, actor, { open: false }));
      ctx.legendSlot.appendChild(facetSection(ctx, source, {
        open: false,
        label: function (e) {
          var info = docs.get(e.name);
          var span = el('span', 'pm-kind-name pm-source-row');
          span.appendChild(U.linkOrText(info.title, info.url, 'pm-source'));
          var bits = [info.outlet, info.published].filter(Boolean).join(' · ');
          if (bits) span.appendChild(el('span', 'pm-date', ' ' + bits));
          return span;
        }
      }));
    }
    [['status', 'st'], ['actor', 'ac'], ['source', 'src']].forEach(function (kk) {
      var facet = ctx.facets[kk[0]];
      ctx.state.push({
        key: kk[1],
        get: function () { var h = facet.hidden(); return h.length ? JSON.stringify(h) : null; },
        set: function (v) {
          var list = [];
          try { list = JSON.parse(v); } catch (e) { list = []; }
          facet.setHidden(Array.isArray(list) ? list : []);
        }
      });
    });
    ctx.api.setFacet = function (key, value, on) {
      var facet = ctx.facets[key];
      var e = facet && facet.entries.get(str(value));
      if (!e) return -1;
      e.on = !!on;
      facet.sync();
      return ctx.apply();
    };
    ctx.api.facetCounts = function (key) {
      var out = Object.create(null);
      var facet = ctx.facets[key];
      if (facet) facet.order.forEach(function (v) { out[v] = facet.entries.get(v).count; });
      return out;
    };
  });

  /* ---------------- time: date range, playback, undated ---------------- */

  window.PostureApp.plugin(function (ctx) {
    var days = ctx.dayList;
    var range = { from: null, to: null, undated: true };
    ctx.filters.push(function (f) {
      if (!f.when) return range.undated;
      return (!range.from || f.when >= range.from) && (!range.to || f.when <= range.to);
    });
    var ui = null;
    var timer = null;
    var playing = null;

    function idx(day, dflt) {
      if (!day) return dflt;
      for (var i = 0; i < days.length; i++) if (days[i] >= day) return i;
      return days.length - 1;
    }
    function show() {
      if (!ui) return;
      ui.from.value = String(idx(range.from, 0));
      ui.to.value = String(range.to ? idx(range.to, days.length - 1) : days.length - 1);
      ui.out.textContent = (range.from || days[0]) + ' – ' + (range.to || days[days.length - 1]);
      ui.undated.checked = range.undated;
      ui.play.textContent = playing ? '❚❚' : '▶';
      ui.play.setAttribute('aria-label', playing ? 'Pause' : 'Play: step through the days');
      var lo = Number(ui.from.value);
      var hi = Number(ui.to.value);
      ui.bars.forEach(function (b, i) { b.setAttribute('class', i >= lo && i <= hi ? 'pm-bar pm-bar-on' : 'pm-bar'); });
    }
    function setRange(from, to, now) {
      range.from = from || null;
      range.to = to || null;
      if (range.from && range.to && range.from > range.to) { var t = range.from; range.from = range.to; range.to = t; }
      show();
      clearTimeout(timer);
      if (now) return ctx.apply();
      timer = setTimeout(ctx.apply, 60);
      return 0;
    }
    function stop() {
      if (playing) clearInterval(playing);
      playing = null;
      show();
    }
    function step() {
      var hi = range.to ? idx(range.to, days.length - 1) : days.length - 1;
      if (hi >= days.length - 1) { stop(); return false; }
      setRange(range.from, days[hi + 1], true);
      return true;
    }
    function play() {
      if (playing) { stop(); return; }
      var lo = idx(range.from, 0);
      var hi = range.to ? idx(range.to, days.length - 1) : days.length - 1;
      if (hi >= days.length - 1) setRange(range.from, days[lo], true); // from the start again
      playing = setInterval(step, 700);
      show();
    }

    if (days.length) {
      var ctl = U.control('bottomright', function () {
        var box = el('div', 'pm-time');
        var lab = el('div', 'pm-time-label');
        lab.appendChild(el('span', null, 'Dates: '));
        var out = el('span', 'pm-time-value');
        lab.appendChild(out);
        var playBtn = el('button', 'pm-play');
        playBtn.type = 'button';
        playBtn.addEventListener('click', play);
        lab.appendChild(playBtn);
        box.appendChild(lab);
        // features per day, under the handles (SVG built from numbers only)
        var max = 0;
        days.forEach(function (d) { max = Math.max(max, ctx.days.get(d)); });
        var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('class', 'pm-histogram');
        svg.setAttribute('viewBox', '0 0 ' + days.length + ' 20');
        svg.setAttribute('preserveAspectRatio', 'none');
        var bars = days.map(function (d, i) {
          var h = Math.max(1, Math.round(20 * ctx.days.get(d) / max));
          var r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
          r.setAttribute('x', String(i + 0.1));
          r.setAttribute('width', '0.8');
          r.setAttribute('y', String(20 - h));
          r.setAttribute('height', String(h));
          svg.appendChild(r);
          return r;
        });
        box.appendChild(svg);
        function slider(cls, label, value) {
          var s = el('input', 'pm-time-input ' + cls);
          s.type = 'range';
          s.min = '0';
          s.max = String(days.length - 1);
          s.step = '1';
          s.value = String(value);
          s.setAttribute('aria-label', label);
          return s;
        }
        var from = slider('pm-time-from', 'From date', 0);
        var to = slider('pm-time-to', 'To date', days.length - 1);
        from.addEventListener('input', function () {
          stop();
          var a = Number(from.value);
          if (a > Number(to.value)) to.value = String(a);
          setRange(a > 0 ? days[a] : null, Number(to.value) < days.length - 1 ? days[Number(to.value)] : null);
        });
        to.addEventListener('input', function () {
          stop();
          var b = Number(to.value);
          if (b < Number(from.value)) from.value = String(b);
          setRange(Number(from.value) > 0 ? days[Number(from.value)] : null, b < days.length - 1 ? days[b] : null);
        });
        var sliders = el('div', 'pm-time-sliders');
        sliders.appendChild(from);
        sliders.appendChild(to);
        box.appendChild(sliders);
        var ul = el('label', 'pm-note pm-undated');
        var undated = ctx.checkbox(true, function (on) { range.undated = on; ctx.apply(); });
        undated.className = 'pm-undated-input';
        ul.appendChild(undated);
        ul.appendChild(el('span', null, ' show undated features'));
        box.appendChild(ul);
        ui = { from: from, to: to, out: out, play: playBtn, undated: undated, bars: bars };
        show();
        return box;
      });
      ctl.addTo(ctx.map);
    }

    ctx.state.push({
      key: 'from', get: function () { return range.from; },
      set: function (v) { range.from = /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null; show(); }
    });
    ctx.state.push({
      key: 'to', get: function () { return range.to; },
      set: function (v) { range.to = /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null; show(); }
    });
    ctx.state.push({
      key: 'undated', get: function () { return range.undated ? null : '0'; },
      set: function (v) { range.undated = v !== '0'; show(); }
    });
    ctx.api.setAsOf = function (day) { return setRange(range.from, day || null, true); };
    ctx.api.setRange = function (from, to) { return setRange(from, to, true); };
    ctx.api.range = function () { return { from: range.from, to: range.to, undated: range.undated }; };
    ctx.api.setUndated = function (on) { range.undated = !!on; show(); return ctx.apply(); };
    ctx.api.play = function () { play(); return !!playing; };
    ctx.api.step = step;
    ctx.api.playing = function () { return !!playing; };
  });
})();
