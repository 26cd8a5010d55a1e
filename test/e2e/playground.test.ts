/**
 * A person in the playground: complete a reflection by clicking, share it, and see it in the
 * supervisor's pane. Debian's Chromium driven by playwright-core; no browser is downloaded.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { chromiumForTests } from '../support/browser';

const CHROMIUM = chromiumForTests('e2e/playground');
// Every test in this file needs the browser: without one they are reported as skipped (not run).
const it = CHROMIUM ? global.it : global.it.skip;
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!CHROMIUM) return;
  app = await startTestApp();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function lastChoices(page: Page) {
  return page.locator('#chat li').last().locator('button[data-choice]');
}

async function clickChoice(page: Page, label: RegExp | string) {
  await (await lastChoices(page))
    .getByText(label, { exact: typeof label === 'string' })
    .first()
    .click();
}

async function send(page: Page, text: string) {
  await page.getByLabel('Message or note').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

it('completes a reflection by clicking, shares it, and shows it to the supervisor', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(app.url);
  await page.getByLabel('I am the practitioner').selectOption('alex');
  await send(page, 'hello');
  await page.locator('#chat li', { hasText: 'case reference' }).last().waitFor();
  // Markup goes in a note: a case reference outside the organisation's format would be withheld.
  await send(page, 'CR-BROWSER');
  await clickChoice(page, 'Home visit');
  await clickChoice(page, 'Hostile or intimidating');
  await clickChoice(page, /Seen, and seen alone/);
  // A note typed at the first choice question carries the markup to the preview and the thread;
  // the question's own buttons still answer it afterwards.
  const question = page.locator('#chat li:has(button[data-choice])').last();
  await send(page, 'A note <b>bold</b> in my own words');
  await page.locator('#chat li', { hasText: 'Note saved' }).last().waitFor();
  const answered = await page.locator('#chat li').count();
  await question.locator('button[data-choice]').first().click();
  await page.waitForFunction((n) => document.querySelectorAll('#chat li').length > n + 1, answered);

  // Answer every remaining question with its last-shown first sensible choice until the preview.
  let ticked = false;
  for (let i = 0; i < 120; i++) {
    const last = page.locator('#chat li').last();
    await last.waitFor();
    if ((await last.getAttribute('data-kind')) === 'preview') break;
    const boxes = last.locator('input[type=checkbox]');
    if ((await boxes.count()) > 0) {
      // The share-with-manager checklist: tick two items, then Done.
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      const before = await page.locator('#chat li').count();
      await last.locator('button[data-choice="done"]').click();
      await page.waitForFunction((n) => document.querySelectorAll('#chat li').length > n + 1, before);
      ticked = true;
      continue;
    }
    const buttons = last.locator('button[data-choice]');
    if ((await buttons.count()) === 0) {
      await send(page, 'A note <b>bold</b> in my own words');
      continue;
    }
    const ids = await buttons.evaluateAll((els) => els.map((e) => e.getAttribute('data-choice')));
    const pick = ids.includes('continue') ? 'continue' : ids.includes('no') ? 'no' : ids[0];
    const before = await page.locator('#chat li').count();
    await last.locator(`button[data-choice="${pick}"]`).click();
    await page.waitForFunction((n) => document.querySelectorAll('#chat li').length > n + 1, before);
  }
  expect(ticked).toBe(true);
  const preview = page.locator('#chat li[data-kind="preview"]').last();
  await expect(preview.textContent()).resolves.toMatch(/I am intimidated by, or fearful of, this adult/);
  await expect(preview.textContent()).resolves.toMatch(/A note &lt;b&gt;bold|A note <b>bold<\/b>/);
  await preview.getByRole('button', { name: 'Share with supervisor' }).click();
  await page.locator('#chat li', { hasText: 'Shared with Sam Rivers' }).waitFor();

  await page.getByLabel('I am the supervisor').selectOption('sam');
  const thread = page.locator('#threads section.thread', { hasText: 'CR-BROWSER' });
  await thread.waitFor({ timeout: 10_000 });
  await expect(thread.locator('h3').textContent()).resolves.toMatch(/CR-BROWSER/);
  await expect(thread.locator('.counts').first().textContent()).resolves.toMatch(/Alex Morgan/);
  // The headline, and the full reflection one click away, as the preview showed it.
  const full = thread.locator('article.summary details.full');
  expect(await full.locator('.details-text').isVisible()).toBe(false);
  await full.locator('summary').click();
  await expect(full.locator('.details-text').textContent()).resolves.toMatch(/Answers:/);
  expect(await preview.locator('details.full').count()).toBe(1);
  // User text is shown as text, never as markup.
  expect(await thread.locator('b').count()).toBe(0);
  await thread.getByRole('button', { name: 'Picked up' }).click();
  await page
    .locator('#threads section.thread', { hasText: 'CR-BROWSER' })
    .locator('.badge', { hasText: 'Picked up' })
    .first()
    .waitFor();
  // The README's picture: the top of the page, the chat scrolled to its end, the thread from its start.
  await page.evaluate(() => window.scrollTo(0, 0));
  // The README's picture is refreshed only when asked (UPDATE_SCREENSHOT=1), so a test run leaves the tree clean.
  const shot = process.env.UPDATE_SCREENSHOT === '1' ? 'docs/playground.png' : join(tmpdir(), 'reflect-playground.png');
  await page.screenshot({ path: shot, fullPage: false });
});
