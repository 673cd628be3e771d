// The evaluation views: metrics, the confusion heatmap (click to step), the wrong-frames lane and the error keys,
// fed with real pipeline output and the replay worker's evaluation of it (test/webview/producer).
import { join } from 'node:path';
import { assert, eq, frame, hexRgb, load, near, pixel, seek, settle, waitPosted, withPage } from './cases.mjs';
import { THEMES } from './themes.mjs';

const scoredWhere = (ev, test) => ev.scored.filter(([, l, p]) => test(l, p)).map(([f]) => f);

/** The off-diagonal cell with the most frames (the model's most frequent confusion). */
function worstConfusion(ev) {
  let best = null;
  ev.matrix.forEach((row, i) => row.forEach((n, j) => {
    if (i !== j && n > 1 && (!best || n > best.n)) best = { i, j, n };
  }));
  return best;
}

async function clickCell(page, label, prediction) {
  await page.locator('#confusion').scrollIntoViewIfNeeded();
  const box = await page.locator('#confusion').boundingBox();
  const c = await page.evaluate(([i, j]) => window.__landmarkLens.views.confusion.cellCentre(i, j), [label, prediction]);
  assert(c, `cell ${label},${prediction} is shown`);
  await page.mouse.click(box.x + c.x, box.y + c.y);
  await settle(page);
}

const text = (page, selector) => page.locator(selector).innerText();

export const EVALUATION_CASES = [
  {
    name: 'evaluation: the metrics view shows the worker\'s figures; a confusion cell click steps through its frames (k of n)',
    async run(ctx) {
      const ex = ctx.expected.hello;
      const ev = ex.evaluation;
      assert(ev && ev.scoredFrames > 0, 'the HELLO session is labelled and scored');
      for (const theme of ['dark', 'light', 'high-contrast']) {
        await withPage(ctx, { theme }, async (page) => {
          await load(page, ctx.data.hello);
          const shown = await waitPosted(page, 'evaluationShown', { slot: 0 });
          eq([shown.figures.correctFrames, shown.figures.scoredFrames], [ev.correctFrames, ev.scoredFrames], 'figures reported as shown');
          const accuracy = await text(page, '#metric-accuracy');
          assert(accuracy.includes(`(${ev.correctFrames} of ${ev.scoredFrames})`), `accuracy line: ${accuracy}`);
          const rows = await page.locator('#per-class tbody tr').count();
          eq(rows, ev.matrix.filter((row, i) => row.some((n) => n > 0) || ev.matrix.some((r) => r[i] > 0)).length, 'per-class rows: the classes labelled or predicted');
          const cell = worstConfusion(ev);
          assert(cell, 'the model confuses some label with another in HELLO');
          const frames = scoredWhere(ev, (l, p) => l === cell.i && p === cell.j);
          eq(frames.length, cell.n, 'frames of the cell');
          await clickCell(page, cell.i, cell.j);
          eq(await frame(page), frames[0], 'first click: the first frame of the cell');
          const steps = await text(page, '#cell-steps');
          assert(steps.includes(`read as “${ev.labels[cell.j]}”`) && steps.endsWith(`1 of ${frames.length}`), `steps text: ${steps}`);
          await clickCell(page, cell.i, cell.j);
          eq(await frame(page), frames[1], 'second click: the next frame');
          assert((await text(page, '#cell-steps')).endsWith(`2 of ${frames.length}`), 'says 2 of n');
          await page.locator('#cell-prev').click();
          await settle(page);
          eq(await frame(page), frames[0], 'the cell\'s ◀ goes back');
          await page.locator('#cell-prev').click();
          await settle(page);
          eq(await frame(page), frames[frames.length - 1], 'and wraps to the last');
          // A diagonal cell steps through the frames read right.
          const right = scoredWhere(ev, (l, p) => l === cell.i && p === l);
          await clickCell(page, cell.i, cell.i);
          eq(await frame(page), right[0], 'diagonal cell: its first correct frame');
          assert((await text(page, '#cell-steps')).includes('read correctly'), 'diagonal cell said as read correctly');
          // The selected cell is outlined in the focus colour.
          const c = await page.evaluate(([i]) => window.__landmarkLens.views.confusion.cellCentre(i, i), [cell.i]);
          const size = await page.evaluate(() => window.__landmarkLens.views.confusion.cellSize());
          const outline = await pixel(page, '#confusion', c.x, c.y - size / 2 + 1);
          assert(near(outline, hexRgb(THEMES[theme].vars['--vscode-editor-foreground'].slice(0, 7)), 40), `outline pixel ${outline}`);
          await page.locator('#card-metrics').screenshot({ path: join(ctx.resultsDir, `evaluation-metrics-${theme}.png`) });
          await page.locator('#card-confusion').screenshot({ path: join(ctx.resultsDir, `evaluation-confusion-${theme}.png`) });
          if (theme === 'dark') await ctx.screenshot(page, 'evaluation-replay-dark', { fullPage: true });
        });
      }
    },
  },
  {
    name: 'evaluation: the errors lane marks the wrong frames in red; E / Shift+E, the toolbar and runAction step through them',
    async run(ctx) {
      const ev = ctx.expected.hello.evaluation;
      const wrong = scoredWhere(ev, (l, p) => l !== p);
      assert(wrong.length >= 3, `${wrong.length} wrong frames in HELLO`);
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        await waitPosted(page, 'evaluationShown', { slot: 0 });
        await settle(page);
        const lane = await page.evaluate(() => ({
          y: window.__landmarkLens.views.timeline.laneMiddle('errors'),
          lanes: window.__landmarkLens.views.timeline.laneCount(),
          height: document.querySelector('.timeline-wrap').getBoundingClientRect().height,
        }));
        assert(lane.y !== null, 'an errors lane is drawn');
        assert(lane.height >= 6 + lane.lanes * 18, `the strip (${lane.height} px) holds its ${lane.lanes} lanes`);
        const red = hexRgb(THEMES.dark.vars['--vscode-charts-red']);
        for (const f of wrong) {
          const x = await page.evaluate((n) => window.__landmarkLens.views.timeline.xOfFrame(n), f);
          const rgb = await pixel(page, '.timeline-base', Math.floor(x) + 0.2, lane.y);
          assert(near(rgb, red, 30), `wrong frame ${f}: pixel ${rgb} is not red`);
        }
        // A correct frame far from any wrong one is not red.
        const right = scoredWhere(ev, (l, p) => l === p).find((f) => wrong.every((w) => Math.abs(w - f) > 6));
        const xr = await page.evaluate((n) => window.__landmarkLens.views.timeline.xOfFrame(n), right);
        assert(!near(await pixel(page, '.timeline-base', Math.floor(xr) + 0.2, lane.y), red, 30), `correct frame ${right} is not red`);

        await page.evaluate(() => {
          window.__landmarkLens.playback.pause();
          window.__landmarkLens.playback.seek(0);
        });
        await page.keyboard.press('e');
        await settle(page);
        eq(await frame(page), wrong.find((f) => f > 0), 'E: the first wrong frame');
        const first = await frame(page);
        const second = wrong[wrong.indexOf(first) + 1];
        await page.keyboard.press('e');
        await settle(page);
        eq(await frame(page), second, 'E again: the next wrong frame');
        await page.keyboard.press('Shift+E');
        await settle(page);
        eq(await frame(page), first, 'Shift+E: back to the previous');
        await page.locator('#next-error').click();
        await settle(page);
        eq(await frame(page), second, 'the toolbar\'s error ▶');
        const title = await page.locator('#next-error').getAttribute('title');
        assert(title.includes('(E, F8)'), `the tooltip names both keys: ${title}`);
        // What the Next Error command (F8 in VS Code) posts.
        await page.evaluate(() => window.harness.post({ type: 'runAction', action: 'nextError' }));
        await settle(page);
        eq(await frame(page), wrong[wrong.indexOf(second) + 1], 'runAction nextError');
        await page.evaluate((n) => window.__landmarkLens.playback.seek(n), wrong[wrong.length - 1]);
        await page.keyboard.press('e');
        await settle(page);
        eq(await frame(page), wrong[wrong.length - 1], 'after the last error E stays');
      });
    },
  },
  {
    name: 'evaluation: labels the model has no class for are listed, malformed evaluation messages are refused, and nothing crashes',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.unknownLabels);
        const shown = await waitPosted(page, 'evaluationShown', { slot: 0 });
        eq(shown.figures.labelsNotInModel.map((l) => l.text).sort(), ['hello world', 'Ä'].sort(), 'labels not in the model');
        assert((await text(page, '#metric-unknown-labels')).includes('“hello world”'), 'the phrase is listed as not scored');
        assert((await text(page, '#metric-missing')).includes('“Ä”'), 'Ä is listed as a character without a class');
        await page.evaluate(() => window.harness.post({
          type: 'evaluation', slot: 0, model: 'broken', figures: { confusion: { labels: ['A'], matrix: [[1]] } },
          scoredFrame: new Int32Array([3]), scoredLabel: new Uint16Array([5]), scoredPrediction: new Uint16Array([0]),
        }));
        const error = await waitPosted(page, 'error');
        eq(error.message, "extension->webview 'evaluation' message: field 'scoredLabel' holds class 5 at 0 (expected < 1, the confusion labels)", 'one-line error');
        await page.evaluate(() => window.harness.post({ type: 'runAction', action: 'format disk' }));
        await page.waitForFunction(() => window.harness.posted.filter((m) => m.type === 'error').length === 2);
        const second = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'error')[1].message);
        eq(second, "'runAction' names an unknown action 'format disk'", 'unknown action said');
        assert((await text(page, '#metric-accuracy')).length > 0, 'the metrics are still shown');
        await page.keyboard.press('e');
        await settle(page);
      });
      // A session without label lines says so, and the error keys do nothing.
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.real);
        await settle(page);
        assert((await text(page, '#metrics')).includes('no label lines'), 'says there are no labels');
        const before = await frame(page);
        await page.keyboard.press('e');
        await settle(page);
        eq(await frame(page), before, 'E without an evaluation');
        eq(await page.evaluate(() => window.__landmarkLens.views.timeline.laneMiddle('errors')), null, 'no errors lane');
      });
    },
  },
  {
    name: 'comparison: dotted traces of the compared model on the same cursor, a legend, the diff lane, figures with deltas, both transcripts, close',
    async run(ctx) {
      const ex = ctx.expected.compareSlower;
      const cmp = ex.comparison;
      assert(cmp && cmp.diff.some((d) => d & 1), 'the slower profile reads some frames differently');
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.compareSlower);
        await waitPosted(page, 'evaluationShown', { slot: 0 });
        await page.waitForFunction(() => window.__landmarkLens.views && document.querySelector('#compare-table'));
        await settle(page);
        const legend = await text(page, '#compare-legend');
        assert(legend.includes(cmp.model) && legend.includes('demo.onnx'), `legend: ${legend}`);
        const datasets = await page.evaluate(() => window.__landmarkLens.views.probability.chart.data.datasets.map((d) => ({ label: d.label, dash: d.borderDash, colour: d.borderColor })));
        const own = datasets.filter((d) => !d.label.includes(' with '));
        const other = datasets.filter((d) => d.label.includes(' with '));
        eq(other.length, own.length, 'a compared line per shown class');
        other.forEach((d, i) => {
          eq(d.dash, [2, 2], `${d.label}: dotted`);
          eq(d.colour, own[i].colour, `${d.label}: the class's colour`);
        });
        // The diff lane: orange (upper half) where the top-1 predictions differ, purple (lower half) where the sent replies do.
        const lane = await page.evaluate(() => window.__landmarkLens.views.timeline.laneMiddle('diff'));
        assert(lane !== null, 'a diff lane is drawn');
        const orange = hexRgb(THEMES.dark.vars['--vscode-charts-orange']);
        const purple = hexRgb(THEMES.dark.vars['--vscode-charts-purple']);
        const xs = await page.evaluate((n) => Array.from({ length: n }, (_, f) => window.__landmarkLens.views.timeline.xOfFrame(f)), cmp.diff.length);
        const column = (f) => Math.floor(xs[f] - 64);
        const marked = (bit) => new Set(cmp.diff.flatMap((d, f) => (d & bit ? [column(f)] : [])));
        for (const [bit, colour, y] of [[1, orange, lane - 3], [2, purple, lane + 3]]) {
          const columns = marked(bit);
          for (let f = 0; f < cmp.diff.length; f += 3) {
            const rgb = await pixel(page, '.timeline-base', Math.floor(xs[f]) + 0.2, y);
            eq(near(rgb, colour, 30), columns.has(column(f)), `frame ${f}, bit ${bit}: pixel ${rgb}`);
          }
        }
        const diffText = await text(page, '#compare-diff');
        assert(diffText.includes(`differs on ${cmp.diff.filter((d) => d & 1).length} of ${cmp.diff.length} frames`), diffText);
        // Side by side, with the second's minus the first's.
        const cells = await page.evaluate(() => [...document.querySelectorAll('#compare-table tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)));
        const accuracy = cells.find((r) => r[0] === 'frame accuracy');
        eq(accuracy[1], `${((ex.evaluation.correctFrames / ex.evaluation.scoredFrames) * 100).toFixed(1)}%`, 'the panel model\'s accuracy');
        const delta = parseFloat(accuracy[2]) - parseFloat(accuracy[1]);
        const shownDelta = parseFloat(accuracy[3].replace('−', '-').replace('±', ''));
        assert(Math.abs(delta - shownDelta) < 0.11, `delta ${accuracy[3]} for ${accuracy[1]} -> ${accuracy[2]}`);
        const transcripts = await text(page, '#compare-transcripts');
        assert(transcripts.includes(ex.transcript) && transcripts.includes(cmp.transcripts[1] || '(empty)'), `transcripts: ${transcripts}`);
        await seek(page, Math.floor(ex.frames / 2));
        await ctx.screenshot(page, 'comparison-dark', { fullPage: true });
        await page.locator('#card-comparison').screenshot({ path: join(ctx.resultsDir, 'comparison-card-dark.png') });
        await page.locator('#card-probabilities').screenshot({ path: join(ctx.resultsDir, 'comparison-traces-dark.png') });
        // Compare… asks the extension; Close asks it to end the comparison, which it confirms.
        await page.locator('#compare').click();
        await waitPosted(page, 'compareModel');
        // Swap asks the extension to swap the models (it answers with a new init: the integration suite).
        assert(await page.locator('#swap-models').isVisible(), 'Swap models shown for a finished comparison');
        await page.locator('#swap-models').click();
        await waitPosted(page, 'swapModels');
        assert(await page.locator('#swap-models').isHidden(), 'Swap models hidden while the swap runs');
        await page.locator('#close-comparison').click();
        await waitPosted(page, 'closeComparison');
        await page.evaluate(() => window.harness.post({ type: 'compareClosed' }));
        await settle(page);
        await settle(page);
        eq(await page.evaluate(() => window.__landmarkLens.views.timeline.laneMiddle('diff')), null, 'no diff lane once closed');
        eq(await page.evaluate(() => window.__landmarkLens.views.probability.chart.data.datasets.length), own.length, 'only the panel model\'s lines');
        assert(await page.locator('#compare-legend').isHidden(), 'legend hidden');
      });
    },
  },
  {
    name: 'comparison: the compared model\'s non-finite outputs are listed in the banner under its name, and a click shows the frame',
    async run(ctx) {
      const ex = ctx.expected.compareNonFinite;
      const cmp = ex.comparison;
      const bad = cmp.frameProblems;
      eq(cmp.model, 'nonfinite-some-29.onnx', 'compared with the model whose output is NaN in some windows');
      assert(bad.length >= 3 && [100, 101, 102].every((f) => bad.some((p) => p.frame === f)), `the compared model's NaN frames: ${bad.map((p) => p.frame).join(' ')}`);
      eq(ex.frameProblems, [], 'the panel\'s own model gives finite outputs for every window');
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.compareNonFinite);
        await page.waitForFunction(() => document.querySelector('#compare-table'));
        await settle(page);
        assert(await page.isVisible('#problems'), 'problems banner visible');
        eq(
          await page.textContent('#problems strong'),
          `The compared model ${cmp.model} gave non-finite outputs for ${bad.length} frames; their windows count as uniform.`,
          'the heading names the compared model',
        );
        const items = await page.$$eval('#problems li', (l) => l.map((x) => x.textContent));
        const listed = bad.slice(0, 20).map((p) => `frame ${p.frame} (${cmp.model}): ${p.message}`);
        eq(items, bad.length > 20 ? [...listed, `and ${bad.length - 20} more`] : listed, 'one line per frame, naming the model, lowest first');
        await page.click('#problems li:nth-child(2) a');
        await settle(page);
        eq(await frame(page), bad[1].frame, 'the clicked problem moved the playhead to its frame');
        await ctx.screenshot(page, 'comparison-nonfinite-dark', { fullPage: true });
        // Closing the comparison takes its problems with it.
        await page.evaluate(() => window.harness.post({ type: 'compareClosed' }));
        await settle(page);
        assert(await page.isHidden('#problems'), 'no banner once the comparison is closed');
      });
    },
  },
  {
    name: 'comparison: a model with other labels is compared on the shared labels and the difference is said',
    async run(ctx) {
      const cmp = ctx.expected.compareRenamed.comparison;
      await withPage(ctx, { theme: 'light' }, async (page) => {
        await load(page, ctx.data.compareRenamed);
        await page.waitForFunction(() => document.querySelector('#compare-table'));
        await settle(page);
        const note = await text(page, '#compare-labels');
        assert(note.includes('SPACE, DELETE, NOTHING') && note.includes('space, del, none') && note.includes('26 labels they share'), note);
        const scoredOn = await page.evaluate(() => document.querySelector('#compare-table thead th').textContent);
        eq(scoredOn, 'scored on shared labels', 'table header');
        const labels = await page.evaluate(() => window.__landmarkLens.views.probability.chart.data.datasets.map((d) => d.label));
        const other = labels.filter((l) => l.includes(' with '));
        assert(other.every((l) => !/^(SPACE|DELETE|NOTHING) /.test(l)), `compared lines only for shared classes: ${other}`);
        eq(cmp.labels.slice(26), ['space', 'del', 'none'], 'the compared labels');
        await page.locator('#card-comparison').screenshot({ path: join(ctx.resultsDir, 'comparison-other-labels-light.png') });
      });
    },
  },
];
