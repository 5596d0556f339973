// End-to-end run of the reviewer's desk in headless Chromium (driven by playwright-core;
// started by tests/desk.rs, which checks results.json and the downloaded files).
//
//   node tests/desk/e2e.mjs URL FIXTURES_DIR OUT_DIR PLAYWRIGHT_CORE_DIR CHROMIUM
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const [url, fixtures, out, playwrightDir, chromiumPath] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { chromium } = require(playwrightDir);

const results = { steps: [] };
const step = (name) => { results.steps.push(name); console.log("step:", name); };

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  const context = await browser.newContext({ acceptDownloads: true, locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  await page.goto(url);
  await page.waitForFunction(() => document.querySelector("#unit").options.length > 0);
  results.units = await page.$$eval("#unit option", (os) => os.map((o) => o.textContent));
  step("loaded");

  // Keyboard: the drop zone and every control are reachable with Tab.
  await page.keyboard.press("Tab");
  results.firstFocus = await page.evaluate(() => document.activeElement && document.activeElement.id);
  results.dropFocusable = await page.$eval("#drop", (d) => d.tabIndex === 0);

  await page.fill("#reviewer", "王审核");
  await page.dispatchEvent("#reviewer", "change");

  // One file dropped as a browser would drop it, one through the file chooser.
  const noticeBytes = readFileSync(path.join(fixtures, "公示.docx"));
  const dataTransfer = await page.evaluateHandle((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], "公示.docx", { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }));
    return dt;
  }, [...noticeBytes]);
  await page.dispatchEvent("#drop", "drop", { dataTransfer });
  await page.setInputFiles("#files", path.join(fixtures, "通知.docx"));
  await page.waitForFunction(() => document.querySelectorAll("article.draft[data-verdict]").length === 2, null, { timeout: 30000 });
  step("uploaded");

  const drafts = () => page.$$eval("article.draft", (as) => as.map((a) => ({
    id: a.dataset.id,
    name: a.querySelector(".name").textContent,
    verdict: a.querySelector(".verdict").textContent,
    redactionNote: a.querySelector(".redaction-note").textContent,
    redactable: !a.querySelector(".get-redacted").disabled,
    findings: [...a.querySelectorAll("li.finding")].map((li) => ({
      fingerprint: li.dataset.fingerprint,
      kind: li.dataset.kind,
      blocking: li.dataset.blocking === "true",
      decision: li.dataset.decision || null,
      location: li.querySelector(".location").textContent,
      match: (li.querySelector(".match") || { textContent: "" }).textContent,
      hiddenWarning: li.querySelector(".hidden-warning").textContent,
      why: li.querySelector(".why").textContent,
    })),
  })));
  results.first = await drafts();
  // Hidden controls really are hidden (CSS must not override the hidden attribute).
  results.visibleReasonForms = await page.$$eval("form.reason", (fs) => fs.filter((f) => f.offsetParent !== null).length);
  await page.screenshot({ path: path.join(out, "desk-1-uploaded.png"), fullPage: true });

  // Mark the ID in the comment as a false positive.
  const notice = results.first.find((d) => d.name === "公示.docx");
  const inComment = notice.findings.find((f) => f.location.includes("批注") && f.kind === "id_card");
  results.decided = inComment ? inComment.fingerprint : null;
  if (inComment) {
    const item = `article[data-id="${notice.id}"] li.finding[data-fingerprint="${inComment.fingerprint}"]`;
    await page.click(`${item} button.fp`);
    await page.waitForSelector(`${item}[data-decision="false-positive"]`, { timeout: 15000 });
    step("decided");
    // Accepted risk needs a reason: the form asks for it.
    const other = notice.findings.find((f) => f.kind === "mobile_phone");
    if (other) {
      const li = `article[data-id="${notice.id}"] li.finding[data-fingerprint="${other.fingerprint}"]`;
      await page.click(`${li} button.accept`);
      await page.fill(`${li} .reason-text`, "经办人办公手机，依法公开");
      await page.press(`${li} .reason-text`, "Enter");
      await page.waitForSelector(`${li}[data-decision="accepted-risk"]`, { timeout: 15000 });
      step("accepted");
    }
  }

  // Raw values are in no page text until one is revealed on request.
  results.pageTextBeforeReveal = await page.evaluate(() => document.body.innerText);
  const firstNotice = `article[data-id="${notice.id}"] li.finding[data-kind="mobile_phone"]`;
  if (await page.$(firstNotice)) {
    await page.click(`${firstNotice} button.reveal`);
    await page.waitForFunction((sel) => document.querySelector(sel + " .revealed").textContent !== "", firstNotice);
    results.revealed = await page.$eval(`${firstNotice} .revealed`, (s) => s.textContent);
    await page.click(`${firstNotice} button.reveal`);
    results.revealedAfterHide = await page.$eval(`${firstNotice} .revealed`, (s) => s.textContent);
    step("revealed");
  }

  // The same draft uploaded again shows the decisions.
  await page.setInputFiles("#files", path.join(fixtures, "公示.docx"));
  await page.waitForFunction(() => document.querySelectorAll("article.draft[data-verdict]").length === 3, null, { timeout: 30000 });
  results.second = await drafts();
  step("reuploaded");
  await page.screenshot({ path: path.join(out, "desk-2-decided.png"), fullPage: true });

  // Download the redacted copy and the XLSX report of the re-uploaded draft.
  const again = results.second.find((d) => d.name === "公示.docx" && d.id !== notice.id);
  results.again = again ? again.id : null;
  if (again && again.redactable) {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click(`article[data-id="${again.id}"] button.get-redacted`),
    ]);
    await download.saveAs(path.join(out, "redacted.docx"));
    results.redactedName = download.suggestedFilename();
    step("redacted");
  }
  const [report] = await Promise.all([
    page.waitForEvent("download"),
    page.click(`article[data-id="${notice.id}"] button.get-xlsx`),
  ]);
  await report.saveAs(path.join(out, "report.xlsx"));
  step("report");
  // A long list is paged: 300 findings, then "show more".
  await page.setInputFiles("#files", path.join(fixtures, "名单.txt"));
  await page.waitForFunction(() => [...document.querySelectorAll("article.draft")].some((a) => a.querySelector(".name").textContent === "名单.txt" && a.dataset.verdict), null, { timeout: 30000 });
  const roster = 'article.draft:has(h2.name:text-is("名单.txt"))';
  results.longListFirstPage = await page.$$eval(`${roster} li.finding`, (l) => l.length);
  results.longListMore = await page.$eval(`${roster} button.more`, (b) => b.textContent).catch(() => null);
  if (results.longListMore) {
    await page.click(`${roster} button.more`);
    results.longListAll = await page.$$eval(`${roster} li.finding`, (l) => l.length);
  }
  step("paged");
  results.consoleErrors = consoleErrors;
} finally {
  writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2));
  await browser.close();
}
