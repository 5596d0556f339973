// The reviewer's desk: upload drafts, read findings, decide, download. Talks to the JSON
// API of `baomi serve` on the same origin; every value shown is masked unless the reviewer
// asks to reveal one finding. All text is inserted with textContent (file names and
// contexts come from documents).
"use strict";

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"];
const SEVERITY_ZH = { critical: "严重", high: "高", medium: "中", low: "低", info: "提示" };
let token = sessionStorage.getItem("baomi-token") || "";

const $ = (sel, el = document) => el.querySelector(sel);

function status(text, isError = false) {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("error", isError);
}

async function api(path, options = {}) {
  // The desk refuses changes without this header: a page from elsewhere cannot send it.
  const headers = Object.assign({ "X-Baomi-Desk": "1" }, options.headers || {});
  if (token) headers["Authorization"] = "Bearer " + token;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    $("#token-box").hidden = false;
    $("#token").focus();
    throw new Error("需要访问令牌：请在上方输入后重试");
  }
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
    throw new Error(detail);
  }
  return response;
}

async function loadUnits() {
  const select = $("#unit");
  const data = await (await api("/v1/desk/units")).json();
  const base = document.createElement("option");
  base.value = "";
  base.textContent = "通用规则（不选单位）";
  select.append(base);
  for (const u of data.units) {
    const o = document.createElement("option");
    o.value = u;
    o.textContent = u;
    select.append(o);
  }
  select.value = localStorage.getItem("baomi-unit") || data.default || "";
  select.addEventListener("change", () => localStorage.setItem("baomi-unit", select.value));
}

async function upload(file) {
  status("正在审查「" + file.name + "」…");
  const unit = $("#unit").value;
  const query = new URLSearchParams({ filename: file.name });
  if (unit) query.set("unit", unit);
  try {
    const view = await (await api("/v1/desk/drafts?" + query, { method: "POST", body: file })).json();
    render(view);
    status("「" + file.name + "」审查完成：" + view.verdict_zh);
  } catch (e) {
    status("「" + file.name + "」审查失败：" + e.message, true);
  }
}

function reviewer() {
  const input = $("#reviewer");
  const name = input.value.trim();
  if (!name) {
    status("请先填写审查人姓名（只需填写一次）", true);
    input.focus();
    return null;
  }
  localStorage.setItem("baomi-reviewer", name);
  return name;
}

async function decide(view, finding, decision, reason) {
  const name = reviewer();
  if (!name) return;
  try {
    const next = await (await api("/v1/desk/drafts/" + view.id + "/decisions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ fingerprint: finding.fingerprint, rule: finding.rule, decision, reviewer: name, reason: reason || "" }),
    })).json();
    render(next);
    status("已记录：" + finding.kind_zh + " " + finding.location);
  } catch (e) {
    status("记录失败：" + e.message, true);
  }
}

function filenameOf(response, fallback) {
  const cd = response.headers.get("Content-Disposition") || "";
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  return m ? decodeURIComponent(m[1]) : fallback;
}

async function download(path, fallback) {
  try {
    const response = await api(path);
    const blob = await response.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filenameOf(response, fallback);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    status("已下载：" + a.download);
  } catch (e) {
    status("无法下载：" + e.message, true);
  }
}

function render(view) {
  let article = document.querySelector('article[data-id="' + view.id + '"]');
  if (!article) {
    article = $("#draft-template").content.firstElementChild.cloneNode(true);
    article.dataset.id = view.id;
    $("#drafts").prepend(article);
  }
  article.dataset.verdict = view.verdict;
  $(".name", article).textContent = view.name;
  const verdict = $(".verdict", article);
  verdict.textContent = view.verdict_zh;
  verdict.className = "verdict " + view.verdict;
  const blocking = view.findings.filter((f) => f.blocking).length;
  $(".counts", article).textContent = "发现 " + view.findings.length + " 处，需处理 " + blocking + " 处" + (view.unit ? "（" + view.unit + "）" : "");
  const note = $(".redaction-note", article);
  note.textContent = (view.redaction.ready ? "脱敏副本：" : "暂不能生成脱敏副本：") + view.redaction.note;
  note.classList.toggle("not-ready", !view.redaction.ready);
  const getRedacted = $(".get-redacted", article);
  getRedacted.disabled = !view.redaction.ready;
  getRedacted.onclick = () => download("/v1/desk/drafts/" + view.id + "/redacted", view.name);
  $(".get-xlsx", article).onclick = () => download("/v1/desk/drafts/" + view.id + "/report?format=xlsx", view.name + ".xlsx");
  $(".get-html", article).onclick = () => download("/v1/desk/drafts/" + view.id + "/report?format=html", view.name + ".html");
  $(".rescan", article).onclick = async () => {
    try { render(await (await api("/v1/desk/drafts/" + view.id)).json()); status("已重新审查"); }
    catch (e) { status("重新审查失败：" + e.message, true); }
  };
  $(".close", article).onclick = async () => {
    try { await api("/v1/desk/drafts/" + view.id, { method: "DELETE" }); } catch (e) { /* already gone */ }
    article.remove();
  };
  const errors = $(".errors", article);
  errors.replaceChildren(...view.errors.map((e) => {
    const li = document.createElement("li");
    li.textContent = "无法审查 " + e.path + "：" + e.message;
    return li;
  }));
  renderFindings(article, view);
}

// A roster can hold thousands of findings: they are shown a page at a time.
const PAGE = 300;

function renderFindings(article, view) {
  const groups = $(".groups", article);
  groups.replaceChildren();
  const limit = Number(article.dataset.limit || PAGE);
  const ordered = [];
  for (const sev of SEVERITY_ORDER) {
    const ofSeverity = view.findings.filter((f) => f.severity === sev);
    for (const kind of [...new Set(ofSeverity.map((f) => f.kind_zh))]) {
      ordered.push(...ofSeverity.filter((f) => f.kind_zh === kind));
    }
  }
  const shown = ordered.slice(0, limit);
  let section = null;
  let ul = null;
  let key = "";
  for (const f of shown) {
    const k = f.severity + "|" + f.kind_zh;
    if (k !== key) {
      key = k;
      const total = ordered.filter((g) => g.severity === f.severity && g.kind_zh === f.kind_zh).length;
      section = document.createElement("section");
      section.className = "group";
      const h = document.createElement("h3");
      h.textContent = SEVERITY_ZH[f.severity] + " · " + f.kind_zh + "（" + total + "）";
      ul = document.createElement("ul");
      section.append(h, ul);
      groups.append(section);
    }
    ul.append(findingItem(view, f));
  }
  if (ordered.length > shown.length) {
    const more = document.createElement("button");
    more.type = "button";
    more.className = "more";
    more.textContent = "显示更多（还有 " + (ordered.length - shown.length) + " 处）";
    more.onclick = () => {
      article.dataset.limit = String(limit + PAGE);
      renderFindings(article, view);
    };
    groups.append(more);
  }
}

function findingItem(view, f) {
  const li = $("#finding-template").content.firstElementChild.cloneNode(true);
  li.dataset.fingerprint = f.fingerprint;
  li.dataset.kind = f.kind;
  li.dataset.blocking = f.blocking;
  const sev = $(".severity", li);
  sev.textContent = f.severity_zh;
  sev.classList.add(f.severity);
  $(".kind", li).textContent = f.kind_zh;
  $(".location", li).textContent = f.location;
  $(".before", li).textContent = f.context_before;
  $(".match", li).textContent = f.context_match;
  $(".after", li).textContent = f.context_after;
  if (!f.context_match) $(".match", li).remove();
  $(".hidden-warning", li).textContent = f.hidden_warning || "";
  $(".why", li).textContent = "依据：" + (f.why.length ? f.why.join("；") + "；" : "") + "规则 " + f.rule;
  const decided = $(".decision", li);
  if (f.decision) {
    decided.textContent = "✓ " + f.decision.decision_zh;
    decided.title = f.decision.text;
    li.classList.add("decided");
    li.dataset.decision = f.decision.decision;
  }
  for (const [cls, decision] of [["fp", "false-positive"], ["tofix", "to-fix"], ["accept", "accepted-risk"]]) {
    $("." + cls, li).setAttribute("aria-pressed", String(f.decision && f.decision.decision === decision));
  }
  $(".fp", li).onclick = () => decide(view, f, "false-positive");
  $(".tofix", li).onclick = () => decide(view, f, "to-fix");
  const form = $(".reason", li);
  $(".accept", li).onclick = () => { form.hidden = false; $(".reason-text", form).focus(); };
  $(".reason-cancel", li).onclick = () => { form.hidden = true; };
  form.onsubmit = (event) => {
    event.preventDefault();
    const reason = $(".reason-text", form).value.trim();
    if (reason) decide(view, f, "accepted-risk", reason);
  };
  const shown = $(".revealed", li);
  const reveal = $(".reveal", li);
  reveal.onclick = async () => {
    if (shown.textContent) { shown.textContent = ""; reveal.textContent = "显示原值"; return; }
    try {
      const data = await (await api("/v1/desk/drafts/" + view.id + "/reveal", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ fingerprint: f.fingerprint }),
      })).json();
      shown.textContent = data.value;
      reveal.textContent = "隐藏原值";
      setTimeout(() => { shown.textContent = ""; reveal.textContent = "显示原值"; }, 30000);
    } catch (e) {
      status("不能显示原值：" + e.message, true);
    }
  };
  return li;
}

function init() {
  const reviewerInput = $("#reviewer");
  reviewerInput.value = localStorage.getItem("baomi-reviewer") || "";
  reviewerInput.addEventListener("change", () => localStorage.setItem("baomi-reviewer", reviewerInput.value.trim()));
  $("#token-save").onclick = () => {
    token = $("#token").value.trim();
    sessionStorage.setItem("baomi-token", token);
    $("#token-box").hidden = true;
    if (!$("#unit").options.length) loadUnits().catch((e) => status(e.message, true));
  };
  const drop = $("#drop");
  const files = $("#files");
  $("#choose").onclick = (event) => { event.stopPropagation(); files.click(); };
  drop.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); files.click(); }
  });
  files.addEventListener("change", () => { for (const f of files.files) upload(f); files.value = ""; });
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    for (const f of event.dataTransfer.files) upload(f);
  });
  $("#download-reviews").onclick = () => download("/v1/desk/reviews", "reviews.jsonl");
  loadUnits().catch((e) => status(e.message, true));
}

document.addEventListener("DOMContentLoaded", init);
