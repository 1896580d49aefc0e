// Injected into every benchmarked page (Scholia and the baselines) before
// any of the page's own scripts runs, so its capturing listeners on
// `window` see each event before the page's listeners do. It records the
// named events of docs/performance.md as performance marks (`bench:…`),
// counts painted highlight ranges, and collects long animation frames.
(() => {
  // Highlights that mark the selection or a flash are not annotations.
  const NOT_ANNOTATIONS = new Set(['sch-selected', 'sch-flash']);
  const marks = [];
  const mark = (name) => {
    const time = performance.now();
    marks.push({ name, time });
    performance.mark(`bench:${name}`);
    return time;
  };

  // handover: the file input's `change` (the data is handed to the page).
  addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file') mark('handover');
  }, true);
  // key: a key press; click: a click anywhere.
  addEventListener('keydown', (e) => mark(`key:${e.key}`), true);
  addEventListener('click', () => mark('click'), true);
  // download: the page starts a download (a click on an <a download>).
  const anchorClick = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function click() {
    if (this.hasAttribute('download')) mark('download');
    return anchorClick.call(this);
  };

  // Trunk's loader hands over the wasm exports (with the linear memory).
  let wasm = null;
  addEventListener('TrunkApplicationStarted', (e) => { wasm = e.detail?.wasm ?? null; });

  const longFrames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        longFrames.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          scripts: (e.scripts ?? []).map((s) => `${s.invoker} ${Math.round(s.duration)}ms`).slice(0, 3),
          // The frame's rendering (from its start to the frame's end) and
          // of it style and layout: what a frame without scripts spent.
          render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
          styleLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // No Long Animation Frames API: the rAF deltas below still tell.
  }

  const baseline = () => document.body?.dataset.baseline;
  /** Ranges painted for annotations (on the plain page, which paints none: annotations held). */
  function annotationRanges() {
    if (baseline() === 'plain') return window.baseline?.held() ?? 0;
    // Scholia registers only the annotations near the view with the
    // browser, and says how many it has painted on its overlay (an app
    // built before that has no such count: all its ranges are registered).
    const painted = document.querySelector('.highlight-overlay[data-painted]');
    if (painted) return Number(painted.dataset.painted);
    if (!globalThis.CSS?.highlights) return 0;
    let n = 0;
    for (const [name, highlight] of CSS.highlights) if (!NOT_ANNOTATIONS.has(name)) n += highlight.size;
    return n;
  }
  function selectedRanges() {
    if (baseline() === 'plain') return window.baseline?.selected() ?? 0;
    return globalThis.CSS?.highlights?.get('sch-selected')?.size ?? 0;
  }
  /** What is selected now: the selection highlight's first range (the plain page: its annotation). */
  function selectionToken() {
    if (baseline() === 'plain') return window.baseline?.selectedToken() ?? null;
    const h = globalThis.CSS?.highlights?.get('sch-selected');
    return h && h.size ? h.values().next().value : null;
  }
  const lines = () => document.querySelectorAll('article[aria-label="Document"] p').length;
  const frame = () => new Promise((done) => requestAnimationFrame(done));

  /**
   * Waits for the `painted` event after the mark `start`: polls once per
   * animation frame until `lines` lines and `ranges` annotation ranges are
   * there (with `selection`, until another annotation is shown selected
   * than when this was called), then takes the time at the next animation
   * frame (the frame that showed them has been produced by then). Resolves
   * to { start, painted, frames } or rejects after `timeout` ms.
   */
  function painted(start, { lines: wantLines, ranges: wantRanges, selection }, timeout = 120000) {
    const since = performance.now();
    const before = selectionToken();
    const ready = () => (selection
      ? selectionToken() != null && selectionToken() !== before
      : (wantLines == null || lines() === wantLines) && annotationRanges() === wantRanges);
    return new Promise((resolve, reject) => {
      let frames = 0;
      const poll = () => {
        frames++;
        const begun = marks.findLast((m) => m.name === start && m.time >= since);
        if (begun && ready()) {
          requestAnimationFrame(() => {
            const end = mark('painted');
            resolve({ start: begun.time, painted: end, frames });
          });
          return;
        }
        if (performance.now() - since > timeout) {
          reject(new Error(selection ? `no other selection after ${timeout} ms (${start})`
            : `no ${wantRanges} ranges / ${wantLines} lines after ${timeout} ms (now ${annotationRanges()} / ${lines()})`));
          return;
        }
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
  }

  /** Scrolls the document from top to bottom, one viewport per frame. */
  async function scrollThrough() {
    const scroller = document.querySelector('.document-scroll');
    scroller.scrollTop = 0;
    await frame();
    await frame();
    const from = performance.now();
    let last = from;
    let worstDelta = 0;
    let steps = 0;
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += scroller.clientHeight;
      const now = await frame();
      worstDelta = Math.max(worstDelta, now - last);
      last = now;
      steps++;
    }
    await frame();
    await frame();
    const to = performance.now();
    // Long animation frames are reported a little after they end.
    await new Promise((done) => setTimeout(done, 100));
    const long = longFrames.filter((f) => f.start >= from && f.start < to && f.duration > 50);
    return {
      steps, ms: to - from, height: scroller.scrollHeight, worstDelta,
      longFrames: long.length,
      worstLongFrame: Math.max(0, ...long.map((f) => f.duration)),
      loafSupported: PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'),
    };
  }

  /** Frames per second and long frames while nothing happens for `ms`. */
  async function idle(ms) {
    const from = performance.now();
    let frames = 0;
    while (performance.now() - from < ms) {
      await frame();
      frames++;
    }
    const to = performance.now();
    await new Promise((done) => setTimeout(done, 100));
    const long = longFrames.filter((f) => f.start >= from && f.start < to && f.duration > 50);
    return { fps: (frames * 1000) / (to - from), longFrames: long.length };
  }

  function memory() {
    const buffer = wasm?.memory?.buffer ?? window.wasmBindings?.__wasm?.memory?.buffer;
    return {
      jsHeap: performance.memory?.usedJSHeapSize ?? null,
      jsHeapTotal: performance.memory?.totalJSHeapSize ?? null,
      wasm: buffer ? buffer.byteLength : 0,
    };
  }

  const between = (from, to) => {
    const start = marks.findLast((m) => m.name === from);
    const end = start && marks.find((m) => m.name === to && m.time >= start.time);
    return start && end ? end.time - start.time : null;
  };

  window.__bench = {
    marks, longFrames, mark, painted, scrollThrough, idle, memory, between,
    annotationRanges, selectedRanges, lines, frame,
  };
})();
