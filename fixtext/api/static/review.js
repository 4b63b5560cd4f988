// fixtext's review page: check a story with the server's JSON endpoint POST /v1/fix,
// show every finding, let the editor decide each one, and hand back the story with the
// accepted edits only. Offsets in the JSON contract are code points into the text; a
// JavaScript string counts UTF-16 units, so the text is held as an array of code points
// (Array.from) and every slice and edit goes through that array.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  const KINDS = {
    safe: { icon: "✓", label: "Safe fix" },
    suggestion: { icon: "?", label: "Suggestion" },
    flag: { icon: "⚑", label: "Flag, no fix" },
  };
  const STATUS_LABEL = {
    pending: "Undecided",
    accepted: "Accepted",
    rejected: "Rejected",
    ignored: "Rule ignored",
  };
  const FORMATS = { md: "markdown", markdown: "markdown", html: "html", htm: "html" };

  const state = {
    cps: [], // the story (BOM left out) as code points
    bom: false,
    name: "story.txt",
    format: "text",
    findings: [],
    current: -1,
    ignoredRules: new Set(),
    loadedFile: null, // {name, text} of an opened file, kept exactly as decoded
  };

  // ---- helpers --------------------------------------------------------------------

  const kindOf = (f) => (f.replacement === null ? "flag" : f.safe ? "safe" : "suggestion");
  const slice = (start, end) => state.cps.slice(start, end).join("");

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("aria-") || key === "role" || key === "for") {
        node.setAttribute(key, value);
      } else node[key] = value;
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  // A span of text as the side list shows it: quoted, white space visible at its ends.
  function shown(text) {
    if (text === "") return el("span", { class: "empty" }, "(nothing)");
    return el("q", { class: "snippet" }, text);
  }

  function say(message) {
    $("status").textContent = message;
  }

  function alarm(message) {
    const node = $("alert");
    node.hidden = !message;
    node.textContent = message || "";
  }

  function overlaps(a, b) {
    return a.start === b.start || (a.start < b.end && b.start < a.end);
  }

  function formatOf(name) {
    const dot = name.lastIndexOf(".");
    return (dot >= 0 && FORMATS[name.slice(dot + 1).toLowerCase()]) || "text";
  }

  // ---- checking -------------------------------------------------------------------

  async function check(text, name, language) {
    alarm("");
    state.bom = text.startsWith("\uFEFF");
    const body = state.bom ? text.slice(1) : text;
    state.cps = Array.from(body);
    state.name = name || "story.txt";
    state.format = formatOf(state.name);
    state.ignoredRules = new Set();
    const request = { text: body, unsafe_fixes: false, merge: true, input_format: state.format };
    if (language) request.language = language;
    $("check").disabled = true;
    say("Checking the story: LanguageTool verifies every fix, which can take a while…");
    let answer;
    try {
      const response = await fetch("/v1/fix", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(request),
      });
      answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
      if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
    } catch (error) {
      say("");
      alarm(`The story could not be checked: ${error.message}`);
      $("check").disabled = false;
      return;
    }
    $("check").disabled = false;
    const findings = answer.findings
      .map((row) => ({ ...row, status: "pending", chosen: null }))
      .sort((a, b) => a.start - b.start || a.end - b.end);
    for (const [index, f] of findings.entries()) {
      f.id = index;
      if (f.end > state.cps.length || slice(f.start, f.end) !== f.text) {
        alarm(`Finding ${index + 1} (${f.rule}) does not match the text; nothing was changed.`);
        return;
      }
    }
    state.findings = findings;
    state.current = findings.length ? 0 : -1;
    $("input").hidden = true;
    $("review").hidden = false;
    $("docname").textContent = state.name;
    render();
    say(findings.length ? `${findings.length} findings.` : "Nothing found in this story.");
    const first = findings.length ? card(0) : $("download");
    first.focus();
  }

  // ---- decisions ------------------------------------------------------------------

  function conflictOf(f) {
    return state.findings.find((g) => g !== f && g.status === "accepted" && overlaps(f, g));
  }

  function accept(f, replacement) {
    if (replacement === null || replacement === undefined) {
      say(`Finding ${f.id + 1} has no fix to accept: edit it by hand (e) or reject it (r).`);
      return false;
    }
    const other = conflictOf(f);
    if (other) {
      say(`Finding ${f.id + 1} overlaps accepted finding ${other.id + 1}: undo that one first.`);
      return false;
    }
    f.status = "accepted";
    f.chosen = replacement;
    return true;
  }

  function decide(action, f, arg) {
    let done = true;
    let advance = true;
    if (action === "accept") done = accept(f, f.replacement);
    else if (action === "alternative") done = accept(f, f.alternatives[arg]);
    else if (action === "edited") done = accept(f, arg);
    else if (action === "reject") {
      f.status = "rejected";
      f.chosen = null;
    } else if (action === "ignore") {
      toggleRule(f.rule);
    } else if (action === "undo") {
      if (f.status === "ignored") state.ignoredRules.delete(f.rule);
      f.status = "pending";
      f.chosen = null;
      advance = false;
    }
    if (!done) return;
    if (advance && action !== "ignore") moveToNextPending(f.id);
    else if (action === "ignore" && f.status === "ignored") moveToNextPending(f.id);
    render();
    focusCurrent();
    announce(f);
  }

  function toggleRule(rule) {
    if (state.ignoredRules.has(rule)) {
      state.ignoredRules.delete(rule);
      for (const f of state.findings) if (f.rule === rule && f.status === "ignored") f.status = "pending";
      say(`${rule} is no longer ignored.`);
    } else {
      state.ignoredRules.add(rule);
      for (const f of state.findings) if (f.rule === rule && f.status === "pending") f.status = "ignored";
      say(`${rule} is ignored in this story.`);
    }
  }

  function acceptAllSafe() {
    let taken = 0;
    for (const f of state.findings) {
      if (f.status === "pending" && kindOf(f) === "safe" && !conflictOf(f)) {
        f.status = "accepted";
        f.chosen = f.replacement;
        taken += 1;
      }
    }
    if (state.current >= 0 && state.findings[state.current].status !== "pending") {
      moveToNextPending(state.current);
    }
    render();
    focusCurrent();
    say(`${taken} safe fixes accepted. ${countText()}`);
  }

  function moveToNextPending(from) {
    const n = state.findings.length;
    for (let step = 1; step <= n; step += 1) {
      const index = (from + step) % n;
      if (state.findings[index].status === "pending") {
        state.current = index;
        return true;
      }
    }
    return false;
  }

  function announce(f) {
    const what = STATUS_LABEL[f.status].toLowerCase();
    say(`Finding ${f.id + 1} ${what}. ${countText()}`);
  }

  function countText() {
    const by = { pending: 0, accepted: 0, rejected: 0, ignored: 0 };
    for (const f of state.findings) by[f.status] += 1;
    return (
      `${by.pending} left to decide, ${by.accepted} accepted, ` +
      `${by.rejected} rejected, ${by.ignored} ignored.`
    );
  }

  // ---- the result -----------------------------------------------------------------

  // The story with the accepted edits applied, right to left, every other code point
  // (line endings, markup, a byte-order mark) as it came in.
  function result() {
    const cps = state.cps.slice();
    const accepted = state.findings
      .filter((f) => f.status === "accepted")
      .sort((a, b) => b.start - a.start || b.end - a.end);
    for (const f of accepted) cps.splice(f.start, f.end - f.start, ...Array.from(f.chosen));
    return (state.bom ? "\uFEFF" : "") + cps.join("");
  }

  function download() {
    const blob = new Blob([result()], { type: "text/plain;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: state.name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(`Downloaded ${state.name}. ${countText()}`);
  }

  async function copy() {
    const text = result();
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = el("textarea", { value: text, readOnly: true, class: "offscreen" });
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    say(`The result is on the clipboard. ${countText()}`);
  }

  // ---- rendering ------------------------------------------------------------------

  function render() {
    renderText();
    renderList();
    $("count").textContent = countText();
  }

  function renderText() {
    const root = $("text");
    const ordered = state.findings.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    root.replaceChildren();
    build(root, 0, state.cps.length, ordered);
  }

  // Text [from, to) into parent, with a mark for every finding of list (all within it,
  // in reading order, the longer of two at one start first); a finding inside another
  // is marked inside it, one that reaches past its host is cut at the host's end.
  function build(parent, from, to, list) {
    let pos = from;
    let i = 0;
    while (i < list.length) {
      const f = list[i];
      const start = Math.min(Math.max(f.start, pos), to);
      const end = Math.min(Math.max(f.end, start), to);
      let j = i + 1;
      const inner = [];
      while (j < list.length && list[j].start < end) {
        inner.push(list[j]);
        j += 1;
      }
      if (start > pos) parent.append(slice(pos, start));
      parent.append(markFor(f, start, end, inner));
      pos = Math.max(pos, end);
      i = j;
    }
    if (to > pos) parent.append(slice(pos, to));
  }

  function markFor(f, start, end, inner) {
    const kind = kindOf(f);
    const classes = ["finding", `kind-${kind}`, `status-${f.status}`];
    if (f.id === state.current) classes.push("current");
    if (start === end) classes.push("empty-span");
    const mark = el("mark", {
      class: classes.join(" "),
      id: `mark-${f.id}`,
      title: `${f.id + 1}. ${KINDS[kind].label} (${f.rule}, ${STATUS_LABEL[f.status]}): ${f.message}`,
      dataset: { id: String(f.id) },
    });
    const badge = el("span", { class: "badge", "aria-hidden": "true" });
    badge.textContent = `${f.status === "accepted" ? "✔" : f.status === "pending" ? KINDS[kind].icon : "✗"}${f.id + 1}`;
    if (f.status === "accepted") {
      mark.append(el("del", {}, slice(start, end)), el("ins", {}, f.chosen));
    } else if (start === end) {
      mark.append(el("span", { class: "caret" }, "‸"));
    } else {
      build(mark, start, end, inner);
    }
    mark.append(badge);
    mark.addEventListener("click", (event) => {
      event.stopPropagation();
      select(f.id);
    });
    return mark;
  }

  function renderList() {
    const list = $("findings");
    list.replaceChildren(...state.findings.map(cardFor));
  }

  function cardFor(f) {
    const kind = kindOf(f);
    const current = f.id === state.current;
    const item = el("li", {
      class: `card kind-${kind} status-${f.status}${current ? " current" : ""}`,
      id: `card-${f.id}`,
      tabIndex: current ? 0 : -1,
      dataset: { id: String(f.id) },
      "aria-labelledby": `card-${f.id}-head`,
      "aria-describedby": `card-${f.id}-body`,
    });
    const head = el(
      "p",
      { class: "card-head", id: `card-${f.id}-head` },
      el("span", { class: "num" }, `${f.id + 1}.`),
      " ",
      el("span", { class: "kind" }, `${KINDS[kind].icon} ${KINDS[kind].label}`),
      " ",
      el("span", { class: "state" }, STATUS_LABEL[f.status]),
      " ",
      el("code", { class: "rule" }, f.rule),
      " ",
      el("span", { class: "where" }, `line ${f.line}, column ${f.column}`),
    );
    const body = el("div", { id: `card-${f.id}-body` });
    const change = el("p", { class: "change" }, shown(f.text));
    if (f.status === "accepted") change.append(" → ", shown(f.chosen));
    else if (f.replacement !== null) change.append(" → ", shown(f.replacement));
    body.append(change, el("p", { class: "message" }, f.message));
    if (f.verdict) body.append(el("p", { class: "verdict" }, el("strong", {}, "Verdict: "), f.verdict));
    if (f.also && f.also.length) body.append(el("p", { class: "also" }, `Also found by: ${f.also.join(", ")}`));
    item.append(head, body);

    if (f.alternatives.length) {
      const alts = el("div", { class: "alternatives", role: "group", "aria-label": "Alternatives" });
      alts.append(el("span", { class: "label" }, "Alternatives:"));
      f.alternatives.slice(0, 9).forEach((alternative, index) => {
        alts.append(
          button(`${index + 1}`, "alternative", f, index, [
            el("kbd", {}, String(index + 1)),
            " ",
            shown(alternative),
          ]),
        );
      });
      item.append(alts);
    }
    const actions = el("div", { class: "actions", role: "group", "aria-label": "Decide" });
    if (f.status !== "pending") actions.append(button("u", "undo", f, null, "Undo"));
    if (f.replacement !== null) actions.append(button("a", "accept", f, null, "Accept"));
    actions.append(
      button("e", "edit", f, null, "Edit"),
      button("r", "reject", f, null, "Reject"),
      button("i", "ignore", f, null, state.ignoredRules.has(f.rule) ? `Stop ignoring ${f.rule}` : `Ignore ${f.rule} here`),
    );
    item.append(actions);
    item.addEventListener("focusin", () => {
      if (state.current !== f.id) select(f.id, false);
    });
    return item;
  }

  function button(key, action, f, arg, content) {
    const node = el("button", {
      type: "button",
      class: `act act-${action}`,
      dataset: { act: action },
      tabIndex: f.id === state.current ? 0 : -1, // only the current finding's are Tab stops
    });
    if (typeof content === "string") node.append(content, " ", el("kbd", { "aria-hidden": "true" }, key));
    else node.append(...content);
    node.addEventListener("click", (event) => {
      event.stopPropagation();
      state.current = f.id;
      if (action === "edit") startEdit(f);
      else decide(action, f, arg);
    });
    return node;
  }

  function startEdit(f) {
    const item = card(f.id);
    if (item.querySelector(".editor")) return;
    const input = el("input", {
      type: "text",
      class: "editor-input",
      value: f.chosen ?? f.replacement ?? f.text,
      id: `edit-${f.id}`,
    });
    const form = el(
      "form",
      { class: "editor" },
      el("label", { for: `edit-${f.id}` }, `Replace ${JSON.stringify(f.text)} with`),
      input,
      el("button", { type: "submit" }, "Save (Enter)"),
      el("button", { type: "button", class: "cancel" }, "Cancel (Esc)"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      decide("edited", f, input.value);
    });
    form.querySelector(".cancel").addEventListener("click", () => {
      render();
      focusCurrent();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        render();
        focusCurrent();
      }
    });
    item.append(form);
    input.focus();
    input.select();
  }

  // ---- selection and keys ---------------------------------------------------------

  const card = (id) => $(`card-${id}`);

  function select(id, focus = true) {
    const previous = state.current;
    state.current = id;
    for (const node of document.querySelectorAll(".current")) node.classList.remove("current");
    if (previous >= 0 && card(previous)) tabStops(card(previous), -1);
    const item = card(id);
    tabStops(item, 0);
    item.classList.add("current");
    const mark = $(`mark-${id}`);
    if (mark) {
      mark.classList.add("current");
      mark.scrollIntoView({ block: "nearest" });
    }
    if (focus) item.focus();
  }

  // Only the current finding (its card and buttons) is in the Tab order: Tab moves on
  // past the list, j/k and the arrow keys move within it.
  function tabStops(item, index) {
    item.tabIndex = index;
    for (const node of item.querySelectorAll("button")) node.tabIndex = index;
  }

  function focusCurrent() {
    if (state.current >= 0) select(state.current);
  }

  function onKey(event) {
    if ($("review").hidden || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select")) return;
    const f = state.findings[state.current];
    const inList = Boolean(target.closest && target.closest("#findings"));
    const n = state.findings.length;
    let handled = true;
    if (event.key === "A") acceptAllSafe();
    else if (!f) handled = false;
    else if (event.key === "j" || (inList && event.key === "ArrowDown")) select((state.current + 1) % n);
    else if (event.key === "k" || (inList && event.key === "ArrowUp")) select((state.current - 1 + n) % n);
    else if (event.key === "n") {
      if (moveToNextPending(state.current)) select(state.current);
      else say(`Nothing left to decide. ${countText()}`);
    } else if (event.key === "a") decide("accept", f);
    else if (event.key === "r") decide("reject", f);
    else if (event.key === "i") decide("ignore", f);
    else if (event.key === "u") decide("undo", f);
    else if (event.key === "e") startEdit(f);
    else if (/^[1-9]$/.test(event.key) && Number(event.key) <= f.alternatives.length) {
      decide("alternative", f, Number(event.key) - 1);
    } else handled = false;
    if (handled) event.preventDefault();
  }

  // ---- input ----------------------------------------------------------------------

  async function openFile(file) {
    const bytes = await file.arrayBuffer();
    let text;
    try {
      // ignoreBOM: keep a byte-order mark in the text, so that it is written back
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      alarm(`${file.name} is not UTF-8 text: fixtext reads UTF-8 only.`);
      return;
    }
    state.loadedFile = { name: file.name, text };
    $("source").value = text;
    await check(text, file.name, $("language").value);
  }

  function start() {
    $("check").addEventListener("click", () => {
      const loaded = state.loadedFile;
      if (loaded) check(loaded.text, loaded.name, $("language").value);
      else check($("source").value, "story.txt", $("language").value);
    });
    $("source").addEventListener("input", () => {
      state.loadedFile = null; // typed over: the text area's text is the story now
    });
    $("file").addEventListener("change", (event) => {
      const file = event.target.files[0];
      if (file) openFile(file);
    });
    $("accept-safe").addEventListener("click", acceptAllSafe);
    $("download").addEventListener("click", download);
    $("copy").addEventListener("click", copy);
    $("new").addEventListener("click", () => {
      $("review").hidden = true;
      $("input").hidden = false;
      state.findings = [];
      $("file").value = "";
      say("");
      $("source").focus();
    });
    document.addEventListener("keydown", onKey);

    const story = JSON.parse($("story").textContent);
    if (story && typeof story.text === "string") {
      if (story.language) $("language").value = story.language;
      state.loadedFile = { name: story.name || "story.txt", text: story.text };
      $("source").value = story.text;
      check(story.text, story.name || "story.txt", story.language || "");
    } else {
      $("source").focus();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
