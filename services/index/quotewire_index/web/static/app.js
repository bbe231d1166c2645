// quotewire newsroom page: search, speaker page, article view over the search API.
// Plain JavaScript, no dependencies. Every view has a shareable URL:
//   #/search?q=&speaker=&about=&source=&type=&since=&until=&page=
//   #/speaker/<name>
//   #/article/<id>?s=<statement_id>
// Text from the index is only ever inserted as text (textContent), never as HTML.
"use strict";

(() => {
  const main = document.getElementById("main");
  const statusEl = document.getElementById("status");
  const PAGE_SIZE = 20;
  const SEARCH_FIELDS = ["q", "speaker", "about", "source", "type", "since", "until"];
  const TYPES = ["direct", "indirect", "mixed"];

  // --- DOM -------------------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function render(...children) {  // replaceChildren() would print null as "null"
    main.replaceChildren();
    append(main, children);
  }

  function announce(message) {
    statusEl.textContent = "";
    window.setTimeout(() => { statusEl.textContent = message; }, 50);
  }

  function showError(where, err) {
    where.replaceChildren(h("p", { class: "error", role: "alert", text: `Could not load: ${err.message}` }));
  }

  const fmtDate = (iso) => (iso ? String(iso).slice(0, 10) : "");
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  // --- API -------------------------------------------------------------------------------

  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && String(value).trim() !== "") query.set(key, value);
    }
    const url = `v1/${path}${query.toString() ? `?${query}` : ""}`;
    // With API keys on, the page asks once for a `read` key and keeps it in this browser.
    const send = () => {
      const headers = { Accept: "application/json" };
      const key = localStorage.getItem("quotewire.apiKey");
      if (key) headers.Authorization = `Bearer ${key}`;
      return fetch(url, { headers });
    };
    let resp = await send();
    if (resp.status === 401 || resp.status === 403) {
      const key = window.prompt("This search API needs a read API key (quotewire keys create):");
      if (key) {
        localStorage.setItem("quotewire.apiKey", key.trim());
        resp = await send();
      }
    }
    if (!resp.ok) {
      let detail = resp.statusText;
      try {
        const body = await resp.json();
        // the APIs' one error shape: {"detail": [{"type", "loc", "msg"}, ...]}
        detail = Array.isArray(body.detail)
          ? body.detail.map((d) => d.msg).join("; ")
          : String(body.detail);
      } catch (_) { /* not JSON */ }
      const err = new Error(`${resp.status} ${detail}`);
      err.status = resp.status;
      throw err;
    }
    return resp.json();
  }

  // --- links -----------------------------------------------------------------------------

  function searchHref(params) {
    const query = new URLSearchParams();
    for (const key of [...SEARCH_FIELDS, "page"]) {
      const value = params[key];
      if (value && !(key === "page" && String(value) === "1")) query.set(key, value);
    }
    const text = query.toString();
    return `#/search${text ? `?${text}` : ""}`;
  }
  const speakerHref = (name) => `#/speaker/${encodeURIComponent(name)}`;
  const articleHref = (id, sid) =>
    `#/article/${encodeURIComponent(id)}${sid ? `?s=${encodeURIComponent(sid)}` : ""}`;

  // --- shared pieces ---------------------------------------------------------------------

  // The words Elasticsearch highlighted (<em>…</em> in the fragments), marked in the full
  // statement: the fragments are parsed as text, never inserted as HTML.
  function highlightedTerms(fragments) {
    const terms = new Set();
    for (const fragment of fragments || []) {
      for (const m of String(fragment).matchAll(/<em>(.*?)<\/em>/g)) if (m[1].trim()) terms.add(m[1]);
    }
    return [...terms].sort((a, b) => b.length - a.length);
  }

  function markTerms(text, terms) {
    if (!terms.length) return [text];
    const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
    return text.split(re).map((part, i) => (i % 2 ? h("mark", { text: part }) : part));
  }

  function typeBadge(type) {
    return h("span", { class: `badge ${TYPES.includes(type) ? type : ""}`, text: type });
  }

  function speakerLine(s) {
    const asWritten = s.speaker && s.speaker !== s.speaker_canonical
      ? h("span", { class: "as-written" }, ` as written: “${s.speaker}”`) : null;
    return h("p", { class: "who-line" },
      h("a", { class: "speaker-name", href: speakerHref(s.speaker_canonical), text: s.speaker_canonical }),
      s.speaker_type && s.speaker_type !== "person" ? h("span", { class: "as-written", text: ` (${s.speaker_type})` }) : null,
      asWritten,
      typeBadge(s.type),
      s.cue ? h("span", { class: "as-written" }, " · ", h("i", { text: s.cue })) : null);
  }

  function hitItem(s, terms) {
    return h("li", { class: "hit", "data-statement-id": s.statement_id },
      h("blockquote", { class: "content" }, markTerms(s.content, terms || highlightedTerms(s.highlight))),
      speakerLine(s),
      h("p", { class: "meta" },
        s.source ? `${s.source} · ` : "",
        s.published ? h("time", { datetime: s.published, text: fmtDate(s.published) }) : "undated",
        " · ",
        h("a", { href: articleHref(s.article_id, s.statement_id) },
          "In the article", h("span", { class: "visually-hidden", text: ": " }),
          s.title ? h("span", { class: "visually-hidden", text: s.title }) : null)));
  }

  // --- search view -----------------------------------------------------------------------

  let outletsLoaded = false;
  let suggestTimer = null;

  function field(id, label, input, hint) {
    return h("div", { class: "field" },
      h("label", { for: id, text: label }),
      input,
      hint ? h("span", { class: "hint", id: `${id}-hint`, text: hint }) : null);
  }

  function buildSearchForm() {
    const form = h("form", { class: "search", role: "search", "aria-label": "Search statements", id: "search-form" },
      h("div", { class: "query-row" },
        field("q", "What was said", h("input", {
          id: "q", name: "q", type: "search", autocomplete: "off",
          placeholder: "e.g. false information", "aria-describedby": "q-hint",
        }), "Words of the statement (English stemming: “deny” finds “denied”). Press / to come back here."),
        h("button", { type: "submit", text: "Search" })),
      h("fieldset", { class: "filters" },
        h("legend", { text: "Filters" }),
        field("speaker", "Speaker", h("input", { id: "speaker", name: "speaker", list: "speaker-list", autocomplete: "off" })),
        field("about", "About", h("input", { id: "about", name: "about", autocomplete: "off", placeholder: "e.g. putin" })),
        field("source", "Outlet", h("input", { id: "source", name: "source", list: "outlet-list", autocomplete: "off" })),
        field("type", "Type", h("select", { id: "type", name: "type" },
          h("option", { value: "", text: "any" }),
          TYPES.map((t) => h("option", { value: t, text: t })))),
        field("since", "Published from", h("input", { id: "since", name: "since", type: "date" })),
        field("until", "Published until", h("input", { id: "until", name: "until", type: "date" }))),
      h("datalist", { id: "speaker-list" }),
      h("datalist", { id: "outlet-list" }),
      h("div", { class: "form-actions" },
        h("button", { type: "button", class: "secondary", text: "Clear filters", onclick: clearFilters })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const params = Object.fromEntries(SEARCH_FIELDS.map((k) => [k, form.elements[k].value.trim()]));
      pendingFocus = "results";
      navigate(searchHref(params));
    });
    form.elements.speaker.addEventListener("input", () => {
      window.clearTimeout(suggestTimer);
      suggestTimer = window.setTimeout(() => suggestSpeakers(form.elements.speaker.value), 200);
    });
    return form;
  }

  function clearFilters() {
    const form = document.getElementById("search-form");
    for (const k of SEARCH_FIELDS.slice(1)) form.elements[k].value = "";
    form.elements.q.focus();
  }

  async function suggestSpeakers(text) {
    try {
      const page = await api("speakers", { q: text, size: 10 });
      document.getElementById("speaker-list").replaceChildren(
        ...page.speakers.map((s) => h("option", { value: s.name, label: plural(s.count, "statement") })));
    } catch (_) { /* suggestions are a convenience; the search itself reports errors */ }
  }

  async function loadOutlets() {
    if (outletsLoaded) return;
    try {
      const page = await api("outlets", { size: 200 });
      document.getElementById("outlet-list").replaceChildren(...page.outlets.map((o) => h("option", { value: o.name })));
      outletsLoaded = true;
    } catch (_) { /* optional */ }
  }

  let pendingFocus = null;

  async function searchView(_parts, query, ticket) {
    const params = Object.fromEntries(SEARCH_FIELDS.map((k) => [k, query.get(k) || ""]));
    const page = Math.max(1, parseInt(query.get("page") || "1", 10) || 1);
    let form = document.getElementById("search-form");
    if (!form) {
      outletsLoaded = false;
      form = buildSearchForm();
      render(
        h("h1", { text: "Who said what" }),
        form,
        h("section", { id: "results", "aria-labelledby": "results-heading" }));
      suggestSpeakers("");
    }
    loadOutlets();
    for (const k of SEARCH_FIELDS) form.elements[k].value = params[k];
    document.title = params.q ? `“${params.q}”: quotewire` : "Who said what: quotewire";
    const results = document.getElementById("results");
    results.setAttribute("aria-busy", "true");
    let data;
    try {
      data = await api("statements", { ...params, page, size: PAGE_SIZE });
    } catch (err) {
      if (superseded(ticket)) return;
      results.removeAttribute("aria-busy");
      showError(results, err);
      return;
    }
    if (superseded(ticket)) return;
    const filtered = SEARCH_FIELDS.some((k) => params[k]);
    const heading = h("h2", { id: "results-heading", tabindex: "-1" },
      filtered ? plural(data.total, "statement") + " found" : `Latest statements (${data.total})`);
    const hits = data.hits.length
      ? h("ol", { class: "hits", start: (page - 1) * PAGE_SIZE + 1 }, data.hits.map((s) => hitItem(s)))
      : h("p", { class: "empty", text: "Nothing found. Try fewer words or fewer filters." });
    const pages = Math.ceil(data.total / PAGE_SIZE);
    const pager = pages > 1 ? h("nav", { class: "pager", "aria-label": "Result pages" },
      page > 1 ? h("a", { href: searchHref({ ...params, page: page - 1 }), rel: "prev", text: "← Previous" }) : null,
      h("span", { text: `Page ${page} of ${pages}` }),
      page < pages ? h("a", { href: searchHref({ ...params, page: page + 1 }), rel: "next", text: "Next →" }) : null) : null;
    const facet = h("aside", { "aria-labelledby": "facet-heading" },
      h("h2", { id: "facet-heading", text: "Speakers" }),
      data.speakers.length ? h("ul", { class: "facet" }, data.speakers.map((s) => h("li", {},
        h("a", { href: speakerHref(s.name), text: s.name }),
        h("span", { class: "count", "aria-label": plural(s.count, "statement"), text: String(s.count) })))) : null);
    results.replaceChildren(heading, h("div", { class: "results" }, h("div", {}, hits, pager), facet));
    results.removeAttribute("aria-busy");
    announce(`${plural(data.total, "statement")}${filtered ? " found" : ""}`);
    if (pendingFocus === "results") heading.focus();
    pendingFocus = null;
  }

  // --- speaker page ----------------------------------------------------------------------

  function timelineChart(profile) {
    const buckets = profile.timeline;
    const width = 640, height = 180, pad = 24;
    const max = Math.max(...buckets.map((b) => b.count), 1);
    const step = (width - 2 * pad) / buckets.length;
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", "chart-caption");
    const add = (tag, attrs, text) => {
      const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      if (text !== undefined) el.textContent = text;
      svg.append(el);
      return el;
    };
    add("line", { class: "axis", x1: pad, y1: height - pad, x2: width - pad, y2: height - pad });
    buckets.forEach((b, i) => {
      const barHeight = ((height - 2 * pad) * b.count) / max;
      const bar = add("rect", {
        class: "bar", x: pad + i * step + step * 0.1, width: Math.min(Math.max(step * 0.8, 1), 48),
        y: height - pad - barHeight, height: barHeight,
      });
      const tip = document.createElementNS("http://www.w3.org/2000/svg", "title");
      tip.textContent = `${b.start}: ${plural(b.count, "statement")}`;
      bar.append(tip);
    });
    add("text", { x: pad, y: height - 6 }, buckets[0].start);
    if (buckets.length > 1) add("text", { x: width - pad, y: height - 6, "text-anchor": "end" }, buckets[buckets.length - 1].start);
    add("text", { x: pad, y: pad - 8 }, `max ${max}`);
    const table = h("table", { class: "data" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: `${profile.interval} from` }), h("th", { scope: "col", text: "statements" }))),
      h("tbody", {}, buckets.filter((b) => b.count).map((b) => h("tr", {}, h("td", { text: b.start }), h("td", { text: String(b.count) })))));
    return h("figure", { class: "chart" },
      svg,
      h("figcaption", { id: "chart-caption" },
        `Statements per ${profile.interval}, ${buckets[0].start} to ${buckets[buckets.length - 1].start}` +
        (profile.undated ? `; ${profile.undated} more in undated articles` : "")),
      h("details", {}, h("summary", { text: "Show as a table" }), table));
  }

  function countList(items, href) {
    return h("ul", { class: "facet" }, items.map((c) => h("li", {},
      href ? h("a", { href: href(c.name), text: c.name }) : h("span", { text: c.name }),
      h("span", { class: "count", "aria-label": plural(c.count, "statement"), text: String(c.count) }))));
  }

  function nameList(names, href) {
    return h("ul", { class: "facet" }, names.map((n) => h("li", {},
      href ? h("a", { href: href(n), text: n }) : h("span", { text: n }))));
  }

  function linkList(links) {
    return h("ul", { class: "facet" }, links.map((l) => h("li", {},
      h("a", { href: `#/speaker/${encodeURIComponent(l.speaker_id)}`, text: l.name }),
      h("span", { class: "count", title: `linked by ${l.via}, confidence ${l.confidence}`,
        text: `${l.via} · ${Math.round(l.confidence * 100)}%` }))));
  }

  function quoteClusters(clusters) {
    return h("ol", { class: "hits quotes" }, clusters.map((c) => {
      const first = c.first_seen || {};
      const firstLine = first.statement_id
        ? [`first: ${first.source || "outlet unknown"}${first.published ? ", " + fmtDate(first.published) : ""} `,
          h("a", { href: articleHref(first.article_id, first.statement_id), text: "in its article" }),
          first.url ? h("span", {}, " · ", h("a", { href: first.url, text: "original", rel: "noopener noreferrer" })) : null]
        : [];
      return h("li", {},
        h("blockquote", { text: c.content }),
        h("p", { class: "meta" },
          `${plural(c.occurrences, "article")} · ${c.outlets.join(", ")} · `, ...firstLine,
          c.variants.length > 1 ? ` · ${c.variants.length} wordings` : ""),
        c.variants.length > 1
          ? h("details", {}, h("summary", { text: "Wordings" }),
            h("ul", {}, c.variants.map((v) => h("li", {},
              `${v.content} (${plural(v.occurrences, "article")}, ${v.outlets.join(", ")}; ` +
              `similarity ${v.similarity})`))))
          : null);
    }));
  }

  // The sections of a speaker page, in order; each renders only when the profile has its
  // data (the registry's aliases, roles and links; the quote clusters).
  const SPEAKER_SECTIONS = [
    ["Also named", (p) => ((p.aliases || []).length
      ? nameList(p.aliases, (n) => searchHref({ speaker: n })) : null)],
    ["Roles", (p) => ((p.roles || []).length
      ? nameList(p.roles, (r) => searchHref({ speaker: r })) : null)],
    ["Counted here", (p) => ((p.links || []).length > 1 ? linkList(p.links) : null)],
    ["Which one?", (p) => (p.ambiguous && (p.candidates || []).length
      ? h("div", {}, h("p", { text: "This name fits several speakers; they are not merged." }),
        linkList(p.candidates)) : null)],
    ["Talks about", (p) => ((p.mentioned || []).length
      ? countList(p.mentioned, (n) => searchHref({ speaker: p.name, about: n })) : null)],
    ["Quoted alongside", (p) => ((p.co_speakers || []).length
      ? countList(p.co_speakers, (n) => speakerHref(n)) : null)],
    ["Most repeated quotes", (p) => ((p.top_quotes || []).length
      ? quoteClusters(p.top_quotes) : null), "wide"],
    ["Statements over time", (p) => (p.timeline.length ? timelineChart(p)
      : h("p", { class: "empty", text: "None of these statements is in a dated article." })), "wide"],
    ["Quoted by", (p) => (p.outlets.length
      ? countList(p.outlets, (outlet) => searchHref({ speaker: p.name, source: outlet })) : null)],
    ["Written as", (p) => (p.written_as.length ? countList(p.written_as) : null)],
    ["Kinds of statement", (p) => (p.types.length ? countList(p.types, (t) => searchHref({ speaker: p.name, type: t })) : null)],
  ];

  async function speakerView(parts, _query, ticket) {
    const name = parts.slice(1).join("/");
    document.title = `${name}: quotewire`;
    render(h("p", { class: "crumb" }, h("a", { href: "#/", text: "← Search" })),
      h("h1", { text: name }), h("p", { class: "empty", text: "Loading…" }));
    let p;
    try {
      p = await api(`speakers/${encodeURIComponent(name)}`, { recent: 10 });
    } catch (err) {
      if (!superseded(ticket)) showError(main.lastChild, err);
      return;
    }
    if (superseded(ticket)) return;
    const span = p.first_published
      ? ` · first quoted ${fmtDate(p.first_published)} · last ${fmtDate(p.last_published)}` : "";
    const sections = SPEAKER_SECTIONS.map(([title, make, wide]) => {
      const body = make(p);
      return body ? h("section", { "aria-label": title, class: wide ? "wide" : null }, h("h2", { text: title }), body) : null;
    });
    render(
      h("p", { class: "crumb" }, h("a", { href: "#/", text: "← Search" })),
      h("h1", { text: p.name }),
      h("p", { class: "summary" },
        `${p.speaker_type || "speaker"} · ${plural(p.statements, "statement")}${span} · `,
        h("a", { href: searchHref({ speaker: p.name }), text: "search their statements" }), " · ",
        h("a", { href: `#/quotes/${encodeURIComponent(p.speaker_id || p.name)}`, text: "their quotes, as they travelled" })),
      h("div", { class: "cards" }, sections),
      h("section", { "aria-labelledby": "recent-heading" },
        h("h2", { id: "recent-heading", text: "Latest statements" }),
        h("ol", { class: "hits" }, p.recent.map((s) => hitItem(s, [])))));
    announce(`${p.name}: ${plural(p.statements, "statement")}`);
  }

  // --- quotes of a speaker: clusters, first seen, where the wording changed --------------

  async function quotesView(parts, _query, ticket) {
    const name = parts.slice(1).join("/");
    document.title = `Quotes of ${name}: quotewire`;
    render(h("p", { class: "crumb" }, h("a", { href: speakerHref(name), text: `← ${name}` })),
      h("h1", { text: `Quotes of ${name}` }), h("p", { class: "empty", text: "Loading…" }));
    let page;
    try {
      page = await api("quotes", { speaker: name, size: 50 });
    } catch (err) {
      if (!superseded(ticket)) showError(main.lastChild, err);
      return;
    }
    if (superseded(ticket)) return;
    // the registry's name; else the speaker the clusters carry (a speaker id in the URL
    // whose registry entry is not refreshed yet); else what the URL says
    const sameSpeaker = page.clusters.length
      && page.clusters.every((c) => c.speaker_id === page.clusters[0].speaker_id);
    const who = (page.speaker_match && page.speaker_match.name)
      || (sameSpeaker ? page.clusters[0].speaker : name);
    const note = page.speaker_match && page.speaker_match.ambiguous
      ? h("p", { class: "error", text: `“${name}” fits several speakers: ${page.speaker_match.candidates.map((c) => c.name).join(", ")}. Only statements naming exactly “${name}” are shown.` })
      : null;
    render(
      h("p", { class: "crumb" }, h("a", { href: speakerHref(name), text: `← ${who}` })),
      h("h1", { text: `Quotes of ${who}` }),
      note,
      h("p", { class: "summary", text: `${plural(page.total, "quote")}, most repeated first` }),
      page.clusters.length ? quoteClusters(page.clusters)
        : h("p", { class: "empty", text: "No quotes found." }));
    announce(`${who}: ${plural(page.total, "quote")}`);
  }

  // --- article view ----------------------------------------------------------------------

  const validSpan = (span, length) =>
    Array.isArray(span) && span[0] >= 0 && span[1] > span[0] && span[1] <= length;

  // The article text cut at every span boundary; each piece is wrapped by what covers it:
  // a statement's content (<mark>, the innermost one where they nest), a speaker mention,
  // a cue. After the last piece of each statement comes its attribution label.
  function placeStatements(text, statements) {
    const marks = [];
    statements.forEach((s, i) => {
      for (const [kind, span] of [["content", s.content_span], ["who", s.speaker_span], ["cue", s.cue_span]]) {
        if (validSpan(span, text.length)) marks.push({ kind, start: span[0], end: span[1], i });
      }
    });
    const cuts = [...new Set([0, text.length, ...marks.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
    const out = document.createDocumentFragment();
    const started = new Set();
    for (let k = 0; k + 1 < cuts.length; k++) {
      const a = cuts[k], b = cuts[k + 1];
      const cover = marks.filter((m) => m.start <= a && m.end >= b);
      let node = document.createTextNode(text.slice(a, b));
      const cue = cover.find((m) => m.kind === "cue");
      if (cue) node = h("span", { class: "cue", "data-statement-id": statements[cue.i].statement_id }, node);
      const who = cover.find((m) => m.kind === "who");
      if (who) {
        node = h("span", {
          class: "who", "data-statement-id": statements[who.i].statement_id,
          title: `speaker: ${statements[who.i].speaker_canonical}`,
        }, node);
      }
      const contents = cover.filter((m) => m.kind === "content").sort((x, y) => (x.end - x.start) - (y.end - y.start));
      if (contents.length) {
        const s = statements[contents[0].i];
        const attrs = { class: `stmt ${s.type}`, "data-statement-id": s.statement_id };
        if (!started.has(contents[0].i)) {
          started.add(contents[0].i);
          Object.assign(attrs, { id: `st-${s.statement_id}`, tabindex: "-1" });
        }
        node = h("mark", attrs, node);
      }
      out.append(node);
      for (const m of marks) {
        if (m.kind === "content" && m.end === b) out.append(attribution(statements[m.i]));
      }
    }
    return { fragment: out, placed: new Set(marks.filter((m) => m.kind === "content").map((m) => m.i)) };
  }

  function attribution(s) {
    return h("span", { class: "attr", "data-statement-id": s.statement_id },
      h("span", { class: "visually-hidden", text: "said by " }),
      h("a", { href: speakerHref(s.speaker_canonical), text: s.speaker_canonical }),
      s.speaker && s.speaker !== s.speaker_canonical ? ` (“${s.speaker}”)` : "",
      ` · ${s.type}`);
  }

  async function articleView(parts, query, ticket) {
    const id = parts.slice(1).join("/");
    const focusId = query.get("s");
    render(h("p", { class: "crumb" }, h("a", { href: "#/", text: "← Search" })),
      h("p", { class: "empty", text: "Loading…" }));
    let a;
    try {
      a = await api(`articles/${encodeURIComponent(id)}`);
    } catch (err) {
      if (!superseded(ticket)) showError(main.lastChild, err);
      return;
    }
    if (superseded(ticket)) return;
    document.title = `${a.title || a.article_id}: quotewire`;
    const statements = a.statements;
    const text = a.text || "";
    const { fragment, placed } = placeStatements(text, statements);
    const unplaced = statements.length - placed.size;
    const list = h("ol", {}, statements.map((s) => h("li", {},
      h("a", { href: articleHref(a.article_id, s.statement_id), class: "speaker-name", text: s.speaker_canonical }),
      s.speaker && s.speaker !== s.speaker_canonical ? h("span", { class: "as-written", text: ` as “${s.speaker}”` }) : null,
      typeBadge(s.type),
      h("span", { class: "excerpt" }, s.cue ? h("i", { text: `${s.cue}: ` }) : null, s.content))));
    render(
      h("p", { class: "crumb" }, h("a", { href: "#/", text: "← Search" })),
      h("h1", { text: a.title || a.article_id }),
      h("p", { class: "meta" },
        a.source ? `${a.source} · ` : "",
        a.published ? h("time", { datetime: a.published, text: fmtDate(a.published) }) : "undated",
        ` · ${plural(statements.length, "statement")}`,
        a.url ? h("span", {}, " · ", h("a", { href: a.url, rel: "noopener noreferrer", text: "original" })) : null),
      a.processed === false ? h("p", { class: "error", text: "The statements of this version are not indexed yet (extraction pending)." }) : null,
      unplaced ? h("p", { class: "error", text: `${plural(unplaced, "statement")} could not be placed in the text.` }) : null,
      h("p", { class: "legend", "aria-hidden": "true" },
        h("span", { class: "swatch direct", text: "direct quote" }),
        h("span", { class: "swatch indirect", text: "reported speech" }),
        h("span", { class: "swatch mixed", text: "mixed" }),
        h("span", { class: "swatch who-sample", text: "speaker as written" }),
        h("span", { class: "swatch cue", text: "cue" })),
      h("div", { class: "article-layout" },
        text ? h("div", { class: "article-text", id: "article-text", "aria-label": "Article text with statements marked", role: "region" }, fragment)
          : h("p", { class: "empty", text: "The article text is not in the index; its statements are listed." }),
        h("aside", { class: "side", "aria-labelledby": "stmts-heading" },
          h("h2", { id: "stmts-heading", text: `Statements (${statements.length})` }), list)));
    announce(`${a.title || a.article_id}: ${plural(statements.length, "statement")}`);
    if (focusId) {
      const target = document.getElementById(`st-${focusId}`);
      if (target) {
        for (const el of document.querySelectorAll(`mark.stmt[data-statement-id="${CSS.escape(focusId)}"]`)) el.classList.add("current");
        target.scrollIntoView({ block: "center" });
        target.focus({ preventScroll: true });
      }
    }
  }

  // --- routing ---------------------------------------------------------------------------

  function navigate(href) {
    if (location.hash === href) route();
    else location.hash = href;
  }

  function parseHash() {
    const raw = location.hash.startsWith("#/") ? location.hash.slice(1) : "/";
    const at = raw.indexOf("?");
    const path = at < 0 ? raw : raw.slice(0, at);
    const parts = path.split("/").filter(Boolean).map((p) => decodeURIComponent(p));
    return { parts, query: new URLSearchParams(at < 0 ? "" : raw.slice(at + 1)) };
  }

  const VIEWS = { search: searchView, speaker: speakerView, article: articleView, quotes: quotesView };

  // A view renders only while it is still the latest navigation: a slow answer to an
  // earlier search never overwrites the results of a later one.
  let navigation = 0;
  const superseded = (ticket) => ticket !== navigation;

  async function route() {
    const ticket = ++navigation;
    const { parts, query } = parseHash();
    const view = VIEWS[parts[0] || "search"];
    if (!view || (parts[0] !== "search" && parts.length > 0 && parts.length < 2)) {
      render(h("h1", { text: "Not found" }), h("p", {}, h("a", { href: "#/", text: "Back to search" })));
      return;
    }
    if (view !== searchView) render();  // the search form is kept between searches
    await view(parts, query, ticket);
  }

  document.getElementById("skip").addEventListener("click", (event) => {
    event.preventDefault();  // keep the view's URL in the address bar
    main.focus();
  });
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const q = document.getElementById("q");
      if (q) { event.preventDefault(); q.focus(); q.select(); }
    }
  });
  window.addEventListener("hashchange", route);
  route();
})();
