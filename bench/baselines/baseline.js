// The two baseline pages of the benchmark, in plain JavaScript: what the
// browser itself costs for the same work Scholia does, on the same data and
// the same layout (the app's style sheet, one <p dir="auto"> per line).
//
// - plain.html: shows the text; holds the annotations but paints none.
// - highlight.html: also paints every annotation with the CSS Custom
//   Highlight API (one Highlight per label), and adds or removes one range
//   per edit.
//
// Both import a Scholia JSON file from the Import file input, tag the
// selection with a label's digit key, select an annotation by a click on
// it, delete it with Delete, undo and redo the last edits (Ctrl+Z, Ctrl+Y),
// step to the next annotation with ], and export with the Export JSON
// button, as the app does. No work is done that the benchmark does not time.
'use strict';
(() => {
  const PAINT = document.body.dataset.baseline === 'highlight';
  const SELECTED = 'sch-selected';
  const root = document.querySelector('article[aria-label="Document"]');
  const title = document.querySelector('.doc-title');

  let file = null;
  let lines = []; // { start (code points), text, node }
  let annotations = [];
  let selected = null;
  /** Edits to undo and to redo: { add } or { remove } of an annotation. */
  let undone = [];
  let done = [];
  const ranges = new Map(); // annotation → Range (highlight page only)
  const highlights = new Map(); // label id → Highlight

  // Code points ↔ UTF-16 units within a line, from a checkpoint every STEP
  // code points (made on a line's first use): a conversion costs at most
  // STEP code points however long the line, as the app's index of astral
  // characters does (a 1 MB text on one line would otherwise be scanned
  // from its start 20,000 times).
  const STEP = 1024;
  const checkpoints = (line) => {
    if (!line.steps) {
      line.steps = [0];
      let n = 0;
      let units = 0;
      for (const c of line.text) {
        units += c.length;
        if (++n % STEP === 0) line.steps.push(units);
      }
    }
    return line.steps;
  };
  const codePointsToUtf16 = (line, n) => {
    const steps = checkpoints(line);
    const i = Math.min(Math.floor(n / STEP), steps.length - 1);
    let units = steps[i];
    for (let left = n - i * STEP; left > 0 && units < line.text.length; left--) {
      units += line.text.codePointAt(units) > 0xffff ? 2 : 1;
    }
    return units;
  };
  const utf16ToCodePoints = (line, units) => {
    const steps = checkpoints(line);
    let lo = 0;
    let hi = steps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (steps[mid] <= units) lo = mid;
      else hi = mid - 1;
    }
    let n = lo * STEP;
    let seen = steps[lo];
    while (seen < line.text.length) {
      const width = line.text.codePointAt(seen) > 0xffff ? 2 : 1;
      if (seen + width > units) break;
      seen += width;
      n++;
    }
    return n;
  };
  /** The line holding a code-point offset (binary search). */
  const lineOf = (offset) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const domPosition = (offset) => {
    const line = lines[lineOf(offset)];
    const inLine = Math.min(Math.max(offset - line.start, 0), line.length);
    return [line.node, codePointsToUtf16(line, inLine)];
  };
  const offsetOf = (node, units) => {
    const p = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const line = lines[Number(p?.dataset.line ?? 0)];
    if (!line) return 0;
    return node.nodeType === Node.TEXT_NODE ? line.start + utf16ToCodePoints(line, units) : line.start;
  };
  const rangeOf = (a) => {
    const { start, end } = a.fragments[0];
    const range = new Range();
    range.setStart(...domPosition(start));
    range.setEnd(...domPosition(end));
    return range;
  };

  function show(text) {
    root.textContent = '';
    const fragment = document.createDocumentFragment();
    lines = [];
    const terminator = /\r\n|\n|\r/g;
    let start = 0;
    let unit = 0;
    for (let i = 0; ; i++) {
      const match = terminator.exec(text);
      const line = text.slice(unit, match ? match.index : text.length);
      const p = document.createElement('p');
      p.className = 'line';
      p.dir = 'auto';
      p.dataset.line = String(i);
      const node = document.createTextNode(line);
      p.append(node);
      fragment.append(p);
      const length = [...line].length;
      lines.push({ start, unit, length, text: line, node });
      if (!match) break;
      // Terminators are characters: CRLF counts two.
      start += length + match[0].length;
      unit = match.index + match[0].length;
    }
    root.append(fragment);
  }

  function paintAll() {
    if (!PAINT) return;
    for (const h of highlights.values()) h.clear();
    CSS.highlights.clear();
    highlights.clear();
    let css = '';
    file.scheme.labels.forEach((label) => {
      const h = new Highlight();
      highlights.set(label.id, h);
      CSS.highlights.set(`base-${highlights.size}`, h);
      const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(label.color) ?? [0, '88', '88', '88'];
      const [r, g, b] = m.slice(1).map((x) => parseInt(x, 16));
      css += `::highlight(base-${highlights.size}) { background-color: rgb(${r} ${g} ${b} / 0.28); }\n`;
    });
    css += `::highlight(${SELECTED}) { text-decoration: underline 3px; text-underline-offset: 3px; }\n`;
    let style = document.getElementById('baseline-highlights');
    if (!style) {
      style = document.createElement('style');
      style.id = 'baseline-highlights';
      document.head.append(style);
    }
    style.textContent = css;
    CSS.highlights.set(SELECTED, new Highlight());
    ranges.clear();
    for (const a of annotations) paint(a);
  }
  function paint(a) {
    if (!PAINT) return;
    const range = rangeOf(a);
    ranges.set(a, range);
    highlights.get(a.label)?.add(range);
  }
  function unpaint(a) {
    if (!PAINT) return;
    highlights.get(a.label)?.delete(ranges.get(a));
    ranges.delete(a);
  }
  function select(a) {
    selected = a;
    if (!PAINT) return;
    const h = CSS.highlights.get(SELECTED);
    h.clear();
    if (a) h.add(ranges.get(a) ?? rangeOf(a));
  }

  document.querySelector('input[type=file]').addEventListener('change', async (e) => {
    const input = e.target;
    const [chosen] = input.files;
    if (!chosen) return;
    file = JSON.parse(await chosen.text());
    input.value = '';
    annotations = file.annotations ?? [];
    selected = null;
    done = [];
    undone = [];
    title.textContent = file.document.title;
    show(file.document.text);
    paintAll();
  });

  document.querySelector('button.export').addEventListener('click', () => {
    if (!file) return;
    const json = JSON.stringify({ ...file, annotations }, null, 2);
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${file.document.title}.scholia.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });

  const apply = (edit, forward) => {
    const a = edit.add ?? edit.remove;
    if (Boolean(edit.add) === forward) {
      annotations.push(a);
      paint(a);
      select(a);
    } else {
      unpaint(a);
      annotations.splice(annotations.indexOf(a), 1);
      select(null);
    }
  };
  addEventListener('keydown', (e) => {
    if (!file) return;
    if (e.ctrlKey && (e.key === 'z' || e.key === 'y')) {
      const [from, to] = e.key === 'z' ? [done, undone] : [undone, done];
      const edit = from.pop();
      if (edit) {
        e.preventDefault();
        apply(edit, e.key === 'y');
        to.push(edit);
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if ((e.key === 'Delete' || e.key === 'Backspace') && selected) {
      e.preventDefault();
      unpaint(selected);
      annotations.splice(annotations.indexOf(selected), 1);
      done.push({ remove: selected });
      undone = [];
      select(null);
      return;
    }
    if (e.key === ']') {
      // The next annotation in the file's order, shown if out of view.
      e.preventDefault();
      const next = annotations[(annotations.indexOf(selected) + 1) % annotations.length];
      if (!next) return;
      select(next);
      const line = lines[lineOf(next.fragments[0].start)].node.parentElement;
      const box = line.getBoundingClientRect();
      if (box.bottom < 0 || box.top > innerHeight) line.scrollIntoView({ block: 'center' });
      return;
    }
    const label = file.scheme.labels[Number(e.key) - 1];
    const selection = getSelection();
    if (!label || selection.isCollapsed || !root.contains(selection.anchorNode)) return;
    e.preventDefault();
    const range = selection.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    const text = file.document.text;
    const quote = text.slice(domIndex(start), domIndex(end));
    const now = new Date().toISOString();
    const a = {
      id: crypto.randomUUID(), layer: 'annotator', label: label.id,
      fragments: [{ start, end, quote }], created: now, modified: now,
    };
    annotations.push(a);
    done.push({ add: a });
    undone = [];
    selection.removeAllRanges();
    paint(a);
    select(a);
  });
  /** UTF-16 index of a code-point offset in the whole text. */
  const domIndex = (offset) => {
    const line = lines[lineOf(offset)];
    return line.unit + codePointsToUtf16(line, offset - line.start);
  };

  root.addEventListener('click', (e) => {
    if (!file || !getSelection().isCollapsed) return;
    const position = document.caretPositionFromPoint(e.clientX, e.clientY);
    if (!position || !root.contains(position.offsetNode)) return;
    const offset = offsetOf(position.offsetNode, position.offset);
    // The innermost annotation there, as the app picks it.
    let best = null;
    for (const a of annotations) {
      const { start, end } = a.fragments[0];
      if (start <= offset && offset < end && (!best || end - start < best.fragments[0].end - best.fragments[0].start)) best = a;
    }
    select(best);
  });

  // What the benchmark reads on the plain page, which paints nothing.
  window.baseline = { held: () => annotations.length, selected: () => (selected ? 1 : 0), selectedToken: () => selected };
})();
