/* The living network map: sigma 3 (WebGL) over a graphology graph, positions from the server.
 *
 * Why it is drawn the way it is (measured in headless Chromium without a GPU, see docs/map.md):
 * point nodes and one-pixel lines instead of discs and rectangles; edges hidden while the camera
 * moves; above EDGE_BUDGET ties only the strongest are drawn at first (ties arrive heaviest
 * first) and the rest is added on zoom, filter or request; the graph is built in chunks so the
 * page never blocks for long, and sigma indexes it once, in a task of its own (its WebGL contexts
 * are made earlier, while the data is on its way; the search list is filled after the first frame).
 */
(function () {
  "use strict";

  // The benchmark's reference (benchmarks/map.py) sets sigmaDefaults: sigma's own programs,
  // edges drawn while moving, every tie at once — what the issue measured as too slow.
  const options = window.netweaveMapOptions || {};
  const EDGE_BUDGET = options.sigmaDefaults ? Infinity : 20000;
  const CHUNK = 5000;
  const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
    "#F0E442", "#000000", "#8C564B", "#7F7F7F", "#17BECF", "#BCBD22"];
  // Lines fade as they multiply: a few hundred ties must read as a network, tens of thousands as
  // a haze that still shows its structure (opacity ∝ 1/√ties, between 0.12 and 0.5).
  function edgeColour(ties) {
    const alpha = Math.min(0.5, Math.max(0.12, 0.5 * Math.sqrt(400 / Math.max(ties, 1))));
    return `rgba(80,80,80,${alpha.toFixed(2)})`;
  }
  const NEW_COLOUR = "rgba(0,158,115,0.9)";
  const LAPSED_COLOUR = "rgba(213,94,0,0.9)";

  const app = document.getElementById("map-app");
  if (!app) return;
  const T = JSON.parse(document.getElementById("map-strings").textContent);
  // Sector colours come from the server (netweave.reports.charts), as the report draws them.
  const SECTOR_COLOURS = JSON.parse(document.getElementById("map-sector-colours").textContent);
  const form = document.getElementById("map-controls");
  // The controls act as they change; Enter in the search box must not reload the page.
  form.addEventListener("submit", (event) => event.preventDefault());
  const statusLine = document.getElementById("map-status");
  const card = document.getElementById("map-card");
  const legend = document.getElementById("map-legend");
  const container = document.getElementById("map-canvas");
  const lang = document.documentElement.lang || "en";
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const collator = new Intl.Collator(lang);  // much faster than localeCompare on long lists

  const state = {
    data: null, other: null, graph: null, orgGraph: null, renderer: null, selected: null,
    pendingEdges: 0, visible: null, lapsed: [], extraNodes: [],
  };
  const api = { firstFrameMs: null };
  window.netweaveMap = api;
  let firstFrame;
  api.ready = new Promise((resolve) => { firstFrame = resolve; });

  function t(key, values) {
    return (T[key] || key).replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
  }
  const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

  async function fetchYear(year) {
    const response = await fetch(`${app.dataset.url}?year=${year}&form=columns`, {
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(response.statusText);
    return response.json();
  }

  function colourOf(kind, value) {
    if (kind === "sector") return SECTOR_COLOURS[value] || "#999999";
    if (value === null || value === undefined) return "#999999";
    return PALETTE[Math.abs(Number(value)) % PALETTE.length];
  }

  function sizeOf(kind, value, max) {
    const share = max > 0 ? Math.sqrt(value / max) : 0;
    return 1.5 + 3.5 * share;
  }

  // --- building the graph ------------------------------------------------------------------

  function nodeAttributes(nodes, i) {
    return {
      x: nodes.x[i], y: -nodes.y[i], label: nodes.label[i], organisation: nodes.organisation[i],
      sector: nodes.sector[i], community: nodes.community[i], degree: nodes.degree[i],
      betweenness: nodes.betweenness[i], help_given: nodes.help_given[i], themes: nodes.themes[i],
      size: 2, color: "#999999",
    };
  }

  async function addEdges(graph, edges, from, to, extra) {
    const color = edgeColour(edges.source.length);
    for (let start = from; start < to; start += CHUNK) {
      const end = Math.min(start + CHUNK, to);
      for (let i = start; i < end; i++) {
        const a = edges.source[i], b = edges.target[i];
        if (!graph.hasNode(a) || !graph.hasNode(b) || graph.hasEdge(a, b)) continue;
        graph.addEdge(a, b, {
          weight: edges.weight[i], warmth: edges.warmth[i], last: edges.last[i],
          size: 1, color, ...extra,
        });
      }
      if (end < to) await pause();
    }
  }

  // Returns the graph with the strongest ties and how many ties are still to add (loadRest).
  async function build(data) {
    const graph = new graphology.Graph({ type: "undirected" });
    const nodes = data.nodes;
    for (let start = 0; start < nodes.id.length; start += CHUNK) {
      const end = Math.min(start + CHUNK, nodes.id.length);
      for (let i = start; i < end; i++) graph.addNode(nodes.id[i], nodeAttributes(nodes, i));
      await pause();
    }
    const first = Math.min(data.edges.source.length, EDGE_BUDGET);
    await addEdges(graph, data.edges, 0, first);
    return { graph, pending: data.edges.source.length - first };
  }

  async function loadRest() {
    if (!state.pendingEdges) return;
    const edges = state.data.edges;
    const from = edges.source.length - state.pendingEdges;
    state.pendingEdges = 0;
    form.elements["all-ties"].hidden = true;
    await addEdges(state.graph, edges, from, edges.source.length);
    announce();
  }

  function restyle() {
    const colour = form.elements.colour.value;
    const size = form.elements.size.value;
    let max = 0;
    state.graph.forEachNode((_, a) => { max = Math.max(max, a[size] || 0); });
    state.graph.updateEachNodeAttributes((_, a) => ({
      ...a, color: colourOf(colour, a[colour]), size: sizeOf(size, a[size] || 0, max),
    }));
    drawLegend(colour);
  }

  function drawLegend(colour) {
    legend.replaceChildren();
    if (colour !== "sector") return;
    for (const [sector, label] of Object.entries(state.data.sectors)) {
      const item = document.createElement("li");
      const dot = document.createElement("span");
      dot.style.background = SECTOR_COLOURS[sector];
      item.append(dot, label);
      legend.append(item);
    }
  }

  // --- filters (a node or edge is hidden by the reducers; nothing is removed) ----------------

  function filters() {
    const f = form.elements;
    return {
      sector: f.sector.value, organisation: f.organisation.value, theme: f.theme.value,
      community: f.community.value, warmth: parseFloat(f.warmth.value) || 0,
      from: f.from.value, to: f.to.value, ego: f.ego.checked,
    };
  }

  function nodeShown(a, f) {
    if (f.sector && a.sector !== f.sector) return false;
    if (f.organisation && String(a.organisation) !== f.organisation) return false;
    if (f.community && String(a.community) !== f.community) return false;
    if (f.theme && !(a.themes || []).includes(f.theme)) return false;
    return true;
  }

  function edgeShown(a, f) {
    if (a.lapsed) return true;
    if ((a.warmth || 0) < f.warmth) return false;
    if (f.from && a.last && a.last < f.from) return false;
    if (f.to && a.last && a.last > f.to) return false;
    return true;
  }

  function egoSet(node) {
    const seen = new Set([node]);
    let frontier = [node];
    for (let step = 0; step < 2; step++) {
      const next = [];
      for (const n of frontier) {
        state.graph.forEachNeighbor(n, (m) => { if (!seen.has(m)) { seen.add(m); next.push(m); } });
      }
      frontier = next;
    }
    return seen;
  }

  // ``draw`` false: only work out what is shown (the graph is not on screen yet).
  function refilter(draw = true) {
    const f = filters();
    const ego = f.ego && state.selected && state.graph.hasNode(state.selected)
      ? egoSet(state.selected) : null;
    const any = f.sector || f.organisation || f.community || f.theme || ego;
    state.visible = null;
    if (any) {
      state.visible = new Set();
      state.graph.forEachNode((n, a) => {
        if (nodeShown(a, f) && (!ego || ego.has(n))) state.visible.add(n);
      });
    }
    state.edgeFilter = f.warmth || f.from || f.to ? f : null;
    if (any || state.edgeFilter) loadRest();
    if (draw) state.renderer.refresh();
  }

  function nodeReducer(node, data) {
    const shown = !state.visible || state.visible.has(node);
    if (!shown) return { ...data, hidden: true };
    if (node === state.selected) return { ...data, highlighted: true, size: data.size + 4, zIndex: 2 };
    return data;
  }

  function edgeReducer(edge, data) {
    // Nothing filtered or compared (the usual first view): sigma calls this for every tie.
    if (!state.visible && !state.edgeFilter && !state.before) return data;
    const graph = state.graph;
    if (!graph.hasEdge(edge)) return data;
    const [a, b] = graph.extremities(edge);
    if (state.visible && !(state.visible.has(a) && state.visible.has(b))) return { ...data, hidden: true };
    if (state.edgeFilter && !edgeShown(data, state.edgeFilter)) return { ...data, hidden: true };
    if (state.before && !data.lapsed && !state.before.has(key(a, b))) return { ...data, color: NEW_COLOUR };
    return data;
  }

  // --- organisation view -------------------------------------------------------------------

  function organisationGraph() {
    const orgs = new graphology.Graph({ type: "undirected" });
    const sums = new Map();
    state.graph.forEachNode((n, a) => {
      if (a.organisation === null || a.extra) return;
      const s = sums.get(a.organisation) || { x: 0, y: 0, n: 0, sectors: {} };
      s.x += a.x; s.y += a.y; s.n += 1; s.sectors[a.sector] = (s.sectors[a.sector] || 0) + 1;
      sums.set(a.organisation, s);
    });
    for (const [id, s] of sums) {
      const sector = Object.entries(s.sectors).sort((p, q) => q[1] - p[1])[0][0];
      orgs.addNode(id, {
        x: s.x / s.n, y: s.y / s.n, size: 2 + Math.sqrt(s.n) * 1.5, sector, organisation: id,
        color: SECTOR_COLOURS[sector] || "#999999",
        label: `${state.data.organisations[id] || ""} (${t("people_of", { count: s.n })})`,
      });
    }
    state.graph.forEachEdge((e, a, s, d, sa, da) => {
      const x = sa.organisation, y = da.organisation;
      if (x === null || y === null || x === y || a.lapsed) return;
      if (orgs.hasEdge(x, y)) orgs.updateEdgeAttribute(x, y, "weight", (w) => w + 1);
      else orgs.addEdge(x, y, { weight: 1, size: 1, color: edgeColour(state.graph.size) });
    });
    return orgs;
  }

  function toggleOrganisations() {
    const on = form.elements.organisations.checked;
    state.renderer.setGraph(on ? organisationGraph() : state.graph);
    state.renderer.refresh();
  }

  // --- compare two years -------------------------------------------------------------------

  function key(a, b) { return a < b ? `${a}-${b}` : `${b}-${a}`; }

  // New ties are coloured by the edge reducer (no attribute is rewritten, so ties still being
  // added in chunks are never touched); lapsed ties are extra edges marked ``lapsed``.
  function clearCompare() {
    for (const [a, b] of state.lapsed) if (state.graph.hasEdge(a, b)) state.graph.dropEdge(a, b);
    for (const n of state.extraNodes) if (state.graph.hasNode(n)) state.graph.dropNode(n);
    state.lapsed = []; state.extraNodes = []; state.before = null;
  }

  function edgeKeys(edges) {
    const keys = new Set();
    for (let i = 0; i < edges.source.length; i++) keys.add(key(edges.source[i], edges.target[i]));
    return keys;
  }

  function applyCompare() {
    clearCompare();
    const other = state.other;
    if (!other) return;
    const before = edgeKeys(other.edges);
    const now = edgeKeys(state.data.edges);
    let fresh = 0;
    for (const k of now) if (!before.has(k)) fresh += 1;
    state.before = before;
    const index = new Map(other.nodes.id.map((id, i) => [id, i]));
    let lapsed = 0;
    for (let i = 0; i < other.edges.source.length; i++) {
      const a = other.edges.source[i], b = other.edges.target[i];
      if (now.has(key(a, b))) continue;
      for (const n of [a, b]) {
        if (!state.graph.hasNode(n)) {
          state.graph.addNode(n, { ...nodeAttributes(other.nodes, index.get(n)), extra: true, color: "#BBBBBB" });
          state.extraNodes.push(n);
        }
      }
      state.graph.addEdge(a, b, { lapsed: true, size: 1, color: LAPSED_COLOUR, weight: other.edges.weight[i] });
      state.lapsed.push([a, b]);
      lapsed += 1;
    }
    state.compareSummary = t("compared", { year: other.year, new: fmt.format(fresh), lapsed: fmt.format(lapsed) });
  }

  // --- search and card ---------------------------------------------------------------------

  function focus(node) {
    state.selected = node;
    const display = state.renderer.getNodeDisplayData(node);
    if (display) state.renderer.getCamera().animate({ x: display.x, y: display.y, ratio: 0.12 }, { duration: 400 });
    refilter();
    showCard(node);
  }

  function search() {
    const query = form.elements.search.value.trim().toLowerCase();
    if (!query) return;
    let found = null;
    state.graph.forEachNode((n, a) => {
      const label = (a.label || "").toLowerCase();
      if (label === query || (!found && label.includes(query))) found = label === query ? n : found || n;
    });
    if (found === null) { statusLine.textContent = t("no_match", { query: form.elements.search.value }); return; }
    focus(found);
  }

  function element(tag, text) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }

  async function showCard(node) {
    const a = state.graph.getNodeAttributes(node);
    card.replaceChildren();
    const close = element("button", t("close", {}));
    close.type = "button"; close.className = "secondary outline";
    close.addEventListener("click", () => { card.hidden = true; state.selected = null; refilter(); });
    card.append(element("h2", a.label));
    const facts = element("dl");
    const rows = [
      ["organisation", state.data.organisations[a.organisation] || "—"],
      ["sector", state.data.sectors[a.sector] || "—"],
      ["community", a.community ?? "—"],
      ["degree", fmt.format(a.degree || 0)],
      ["help_given", fmt.format(a.help_given || 0)],
      ["betweenness", fmt.format(a.betweenness || 0)],
    ];
    for (const [k, v] of rows) facts.append(element("dt", t(k, {})), element("dd", v));
    card.append(facts, element("h3", t("ties", {})));
    const ties = [];
    state.graph.forEachEdge(node, (e, attrs, s, d) => {
      if (attrs.lapsed) return;
      const other = s === node ? d : s;
      ties.push([state.graph.getNodeAttribute(other, "label"), attrs.warmth || 0]);
    });
    ties.sort((p, q) => q[1] - p[1]);
    const list = element("ul");
    for (const [label, warmth] of ties.slice(0, 10)) list.append(element("li", `${label} — ${t("warmth", {})} ${fmt.format(warmth)}`));
    if (!ties.length) list.append(element("li", t("none", {})));
    card.append(list);
    const link = element("a", t("log_with", {}));
    link.href = app.dataset.logUrl;
    card.append(link, close);
    card.hidden = false;
    try {
      const response = await fetch(app.dataset.personUrl.replace(/0\.json$/, `${node}.json`), { credentials: "same-origin" });
      if (!response.ok) return;
      const extra = await response.json();
      for (const kind of ["asks", "offers"]) {
        const items = element("ul");
        for (const text of extra[kind]) items.append(element("li", text));
        if (!extra[kind].length) items.append(element("li", t("none", {})));
        card.insertBefore(element("h3", t(kind, {})), link);
        card.insertBefore(items, link);
      }
    } catch (error) { /* the card stays useful without asks and offers */ }
  }

  // --- export ------------------------------------------------------------------------------

  function visibleScene() {
    const r = state.renderer, graph = r.getGraph();
    const { width, height } = container.getBoundingClientRect();
    const nodes = [], edges = [];
    const inView = (p) => p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height;
    const shownNode = (n, a) => !(nodeReducer(n, a).hidden);
    graph.forEachEdge((e, a, s, d, sa, da) => {
      if (graph === state.graph && edgeReducer(e, a).hidden) return;
      if (!shownNode(s, sa) || !shownNode(d, da)) return;
      const p = r.graphToViewport(sa), q = r.graphToViewport(da);
      if (inView(p) || inView(q)) edges.push([p, q, a.color]);
    });
    graph.forEachNode((n, a) => {
      if (!shownNode(n, a)) return;
      const p = r.graphToViewport(a);
      if (inView(p)) nodes.push([p, a.size, a.color]);
    });
    return { width, height, nodes, edges };
  }

  function download(name, href) {
    const a = document.createElement("a");
    a.href = href; a.download = name; document.body.append(a); a.click(); a.remove();
  }

  function exportSvg() {
    const s = visibleScene();
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${s.width}" height="${s.height}" viewBox="0 0 ${s.width} ${s.height}"><rect width="100%" height="100%" fill="#fff"/>`];
    for (const [p, q, c] of s.edges) parts.push(`<line x1="${p.x.toFixed(1)}" y1="${p.y.toFixed(1)}" x2="${q.x.toFixed(1)}" y2="${q.y.toFixed(1)}" stroke="${c}" stroke-width="1"/>`);
    for (const [p, size, c] of s.nodes) parts.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${(size / 2).toFixed(1)}" fill="${c}"/>`);
    parts.push("</svg>");
    const url = URL.createObjectURL(new Blob(parts, { type: "image/svg+xml" }));
    download(`map-${state.data.year}.svg`, url);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return parts.join("");
  }

  function exportPng() {
    const s = visibleScene();
    const canvas = document.createElement("canvas");
    const ratio = window.devicePixelRatio || 1;
    canvas.width = s.width * ratio; canvas.height = s.height * ratio;
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, s.width, s.height);
    ctx.lineWidth = 1;
    for (const [p, q, c] of s.edges) { ctx.strokeStyle = c; ctx.beginPath(); ctx.moveTo(p.x, p.y); ctx.lineTo(q.x, q.y); ctx.stroke(); }
    for (const [p, size, c] of s.nodes) { ctx.fillStyle = c; ctx.beginPath(); ctx.arc(p.x, p.y, size / 2, 0, 2 * Math.PI); ctx.fill(); }
    const url = canvas.toDataURL("image/png");
    download(`map-${state.data.year}.png`, url);
    return url;
  }
  api.exportSvg = exportSvg;
  api.exportPng = exportPng;

  // --- the page ----------------------------------------------------------------------------

  function fillSelect(select, entries) {
    const keep = select.value;
    select.replaceChildren(select.options[0]);
    for (const [value, label] of entries) {
      const option = document.createElement("option");
      option.value = value; option.textContent = label;
      select.append(option);
    }
    select.value = keep;
  }

  function fillControls(data) {
    fillSelect(form.elements.sector, Object.entries(data.sectors));
    const orgIds = [...new Set(data.nodes.organisation.filter((o) => o !== null))];
    fillSelect(form.elements.organisation, orgIds.map((id) => [id, data.organisations[id] || id]).sort((p, q) => collator.compare(String(p[1]), String(q[1]))));
    fillSelect(form.elements.theme, Object.entries(data.themes).sort((p, q) => collator.compare(p[1], q[1])));
    const communities = [...new Set(data.nodes.community)].sort((p, q) => p - q);
    fillSelect(form.elements.community, communities.map((c) => [c, String(c)]));
    form.elements.from.min = form.elements.to.min = `${data.year}-01-01`;
    form.elements.from.max = form.elements.to.max = `${data.year}-12-31`;
  }

  // The search suggestions (one option per person) in chunks, after the first frame.
  async function fillPeople(data) {
    const list = document.getElementById("map-people");
    list.replaceChildren();
    const labels = data.nodes.label;
    for (let start = 0; start < labels.length && state.data === data; start += CHUNK) {
      const options = labels.slice(start, start + CHUNK).map((label) => {
        const o = document.createElement("option"); o.value = label; return o;
      });
      list.append(...options);
      await pause();
    }
  }

  function announce() {
    const shown = state.graph.size - state.lapsed.length;
    let text = t("loaded", { people: fmt.format(state.data.nodes.id.length), ties: fmt.format(state.data.edges.source.length) });
    if (state.pendingEdges) text += " " + t("partial", { shown: fmt.format(shown), ties: fmt.format(state.data.edges.source.length) });
    if (state.other && state.compareSummary) text += " " + state.compareSummary;
    statusLine.textContent = text;
    form.elements["all-ties"].hidden = !state.pendingEdges;
  }

  // Names on the map: only the dots sigma picks (large enough on screen, the largest of each
  // cell of its label grid), each drawn whole and apart. A name that would run off the right
  // edge goes to the left of its dot; one that would cover a name already drawn in this frame
  // is left out (the dot still shows it on hover, on a click, and in the search list and card);
  // a white halo keeps the ties from crossing the letters. The selected person's always shows.
  const labels = { placed: [], width: 0, height: 0 };
  function drawLabel(context, data, settings) {
    if (!data.label) return;
    // A dot just outside the canvas (sigma still offers it) keeps its name out of view too.
    const inside = data.x >= 0 && data.x <= labels.width && data.y >= 0 && data.y <= labels.height;
    if (!inside && !data.highlighted) return;
    const size = settings.labelSize;
    context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    const width = context.measureText(data.label).width;
    // Right of the dot; else left of it; else (wider than either side) centred under it.
    let x = data.x + data.size + 3;
    let y = data.y + size / 3;
    if (x + width > labels.width - 2) x = data.x - data.size - 3 - width;
    if (x < 2) {
      x = Math.max(2, Math.min(data.x - width / 2, labels.width - 2 - width));
      y = data.y + data.size + size + 1;
    }
    // Kept in view with its descenders: the box below reaches size / 3 + 2 under the baseline.
    y = Math.max(size, Math.min(y, labels.height - size / 3 - 2));
    const box = [x - 2, y - size, x + width + 2, y + size / 3 + 2];
    const clashes = labels.placed.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]);
    if (clashes && !data.highlighted) return;
    labels.placed.push(box);
    context.lineJoin = "round";
    context.lineWidth = 3;
    context.strokeStyle = "#ffffff";
    context.strokeText(data.label, x, y);
    context.fillStyle = "#000000";
    context.fillText(data.label, x, y);
  }
  // The names drawn in the last frame, as boxes [left, top, right, bottom] in CSS pixels.
  api.labelBoxes = () => labels.placed.map((b) => b.slice());

  // Made once, on an empty graph, while the first year's data is on its way: creating sigma's
  // WebGL contexts is then a task of its own instead of part of the first frame's.
  function makeRenderer() {
    const fast = {
      defaultNodeType: "point",
      nodeProgramClasses: { point: Sigma.rendering.NodePointProgram },
      defaultEdgeType: "line",
      edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram },
      hideEdgesOnMove: true,
      hideLabelsOnMove: true,
    };
    const renderer = new Sigma(new graphology.Graph({ type: "undirected" }), container, {
      ...(options.sigmaDefaults ? {} : fast),
      labelRenderedSizeThreshold: 7,
      defaultDrawNodeLabel: drawLabel,
      zIndex: true,
      nodeReducer,
      edgeReducer,
    });
    renderer.on("beforeRender", () => {
      labels.placed = [];
      labels.width = container.offsetWidth;
      labels.height = container.offsetHeight;
    });
    renderer.on("afterRender", () => {
      if (api.firstFrameMs === null && renderer.getGraph().order > 0) {
        api.firstFrameMs = performance.now();
        firstFrame(api.firstFrameMs);
      }
    });
    renderer.on("clickNode", ({ node }) => { if (state.graph.hasNode(node) && form.elements.organisations.checked === false) focus(node); });
    renderer.getCamera().on("updated", (camera) => { if (camera.ratio < 0.4 && state.pendingEdges) loadRest(); });
    return renderer;
  }

  async function show(year) {
    statusLine.textContent = t("loading", {});
    card.hidden = true;
    state.selected = null;
    const data = await fetchYear(year);
    const { graph, pending } = await build(data);
    const compare = form.elements.compare.value;
    const other = compare && compare !== String(year) ? await fetchYear(compare) : null;
    // The new year replaces the old one at once (a control used meanwhile sees one or the other);
    // the lapsed ties and extra people marked belong to the old graph.
    Object.assign(state, { data, graph, other, pendingEdges: pending, lapsed: [], extraNodes: [], before: null });
    restyle();
    applyCompare();
    refilter(false);
    announce();
    await pause();
    state.renderer.setGraph(state.graph);
    await pause();
    fillControls(data);
    await fillPeople(data);
  }

  form.addEventListener("change", async (event) => {
    const name = event.target.name;
    if (name === "year") return show(form.elements.year.value);
    if (name === "compare") {
      const year = form.elements.compare.value;
      state.other = year && year !== String(state.data.year) ? await fetchYear(year) : null;
      applyCompare(); refilter(); announce();
      return;
    }
    if (name === "colour" || name === "size") { restyle(); return; }
    if (name === "organisations") { toggleOrganisations(); return; }
    if (name === "search") { search(); return; }
    refilter();
  });
  form.elements.search.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); search(); } });
  form.elements["all-ties"].addEventListener("click", loadRest);
  form.elements.png.addEventListener("click", exportPng);
  form.elements.svg.addEventListener("click", exportSvg);
  api.state = state;
  api.loadRest = loadRest;

  window.addEventListener("DOMContentLoaded", () => {
    // The request goes out first; sigma is made while it travels.
    show(form.elements.year.value).catch(() => { statusLine.textContent = t("error", {}); });
    state.renderer = makeRenderer();
  });
})();
