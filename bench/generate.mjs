// Deterministic benchmark documents: news-like prose in the style of the
// seed article (curly quotes, dashes, accented names, some emoji, a few
// CRLF line endings), one paragraph per line, with annotations of the
// default scheme of which about 10% overlap another. The same seed and
// sizes always give byte-identical files.
//
// Six shapes of text (SHAPES), each deterministic: long paragraphs (the
// original), short lines, one single line, CJK without spaces, RTL
// (Arabic and Persian with Latin words and numbers), and mixed scripts
// dense with emoji, ZWJ sequences, flags and combining accents. Every shape
// starts with the seed article's lines (as one line in `single`), which
// hold the two spans the benchmark uses.
//
//   node bench/generate.mjs 1m 10000 [shape] > doc.scholia.json
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED_ARTICLE = readFileSync(new URL('../seeds/000_30a6df7a3a6d4c7e.txt', import.meta.url), 'utf8');

/** The first line holds the span the benchmark tags ("Iranian Embassy", left unannotated). */
export const ADD_TARGET = 'Iranian Embassy';
/** The second line holds the annotation the benchmark deletes, overlapping nothing. */
export const REMOVE_TARGET = 'combat gear';
/** The id of that annotation (the first in document order). */
export const REMOVED_ID = 'b00001';
/** The one layer (annotator) of the generated annotations: the app's default. */
export const LAYER = 'annotator';
const TIME = '2026-01-01T00:00:00.000Z';

/** Parses a size such as `100k`, `1m` or `250000` into bytes. */
export function parseSize(size) {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(String(size).trim());
  if (!match) throw new Error(`not a size: “${size}” (try 100k or 1m)`);
  const unit = { '': 1, k: 1000, m: 1000 * 1000 }[match[2].toLowerCase()];
  return Math.round(Number(match[1]) * unit);
}

/** mulberry32: a small, fast, seedable generator (deterministic across runs). */
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const PEOPLE = [
  'Edi Rama', 'Ilir Meta', 'Olta Xhaçka', 'José Martí', 'Zoë Brennan', 'Ólafur Ragnarsson',
  'Łukasz Wąsik', 'Çağlar Öztürk', 'Søren Kierkegård', 'Ana Lúcia Gonçalves', 'François Hébert',
  'Jürgen Müller', 'Ngozi Okonjo-Iweala', 'Dvořák', 'Nuñez', 'Renée Côté', 'Björn Åström',
  'Małgorzata Król', 'Ebrahim Raisi', 'Besnik Mustafaj',
];
const GROUPS = [
  'the Albanian government', 'Iran’s Foreign Ministry', 'NATO', 'the European Commission',
  'the United States', 'the police', 'the Mujahedeen-e-Khalq', 'the embassy staff',
  'the opposition', 'local officials', 'the ministry of the interior', 'Microsoft’s analysts',
  'a parliamentary committee', 'the OSCE mission', 'the prosecutor’s office',
];
const PLACES = [
  'Tirana', 'Tehran', 'Durrës', 'Shkodër', 'Manëz', 'Skopje', 'Brussels', 'Zürich', 'São Paulo',
  'Kraków', 'Reykjavík', 'Thessaloníki', 'Montréal', 'Vlorë', 'Korçë',
];
const DAYS = ['on Monday', 'on Tuesday', 'on Wednesday', 'on Thursday', 'on Friday', 'overnight', 'last week', 'in July', 'since 2014', 'in 2020'];
const ACTIONS = [
  'expelled four diplomats', 'condemned the attack', 'denied any involvement', 'cordoned off the building',
  'shut down several websites', 'vowed retaliation', 'promised to increase protection', 'called the action reckless',
  'declined to comment', 'published a statement', 'opened an investigation', 'summoned the ambassador',
  'froze the accounts', 'postponed the summit', 'restored the digital services', 'questioned the witnesses',
];
const OBJECTS = [
  'the cyberattack', 'the expulsion order', 'the embassy', 'the summit', 'the evidence', 'the servers',
  'the diplomatic team', 'the investigation', 'the ransomware', 'the government websites', 'the documents',
];
const QUOTES = [
  'undeniable evidence', 'a troubling precedent', 'threats to national security', 'a reckless provocation',
  'nothing to hide', 'an act of state terrorism', 'business as usual', 'the worst attack in a decade',
];
const ASIDES = [
  ' — according to a message broadcast on state television —', ' – a claim no one could verify –',
  ', however,', ', as expected,', ', in full combat gear,', ' (the second time in a year)',
  ', some 3,000 of them,', ', just 200 meters from the main offices,',
];
const EMOJI = ['🙂', '🔥', '📰', '🇦🇱', '👩‍💻', '👍🏽', '🛡️', '🚓'];

function sentence(rng) {
  const who = () => (rng.chance(0.5) ? rng.pick(PEOPLE) : rng.pick(GROUPS));
  const capital = (s) => s[0].toUpperCase() + s.slice(1);
  switch (rng.int(7)) {
    case 0:
      return `${capital(who())}${rng.chance(0.3) ? rng.pick(ASIDES) : ''} ${rng.pick(ACTIONS)} in ${rng.pick(PLACES)} ${rng.pick(DAYS)}.`;
    case 1:
      return `“It is ${rng.pick(QUOTES)},” said ${rng.pick(PEOPLE)}, speaking in ${rng.pick(PLACES)}.`;
    case 2:
      return `${capital(rng.pick(DAYS))}, ${who()} said there was “${rng.pick(QUOTES)}” that ${who()} was behind ${rng.pick(OBJECTS)}.`;
    case 3:
      return `${capital(rng.pick(OBJECTS))} ${rng.pick(['was', 'had been', 'is still'])} ${rng.pick(['discussed', 'disputed', 'examined', 'blamed on Tehran'])} by ${who()} — and by ${who()}.`;
    case 4:
      return `${capital(who())} ${rng.pick(ACTIONS)}, while ${who()} ${rng.pick(ACTIONS)}${rng.chance(0.25) ? ` ${rng.pick(EMOJI)}` : ''}.`;
    case 5:
      return `In ${rng.pick(PLACES)}, ‘${rng.pick(QUOTES)}’ was how ${rng.pick(PEOPLE)} described ${rng.pick(OBJECTS)}.`;
    default:
      return `${capital(who())} ${rng.pick(['met', 'called', 'warned', 'thanked'])} ${rng.pick(PEOPLE)} ${rng.pick(DAYS)}${rng.pick(ASIDES)} ${rng.pick(['before leaving for', 'after returning from', 'near'])} ${rng.pick(PLACES)}.`;
  }
}

/** The shapes of text the benchmark generates, the original first. */
export const SHAPES = ['paragraphs', 'lines', 'single', 'cjk', 'rtl', 'mixed'];

/**
 * Shapes of real text, asked for by name (`--shapes conll`), not among the
 * six: `conll` is CoNLL-2002 Spanish's esp.train (EFE newswire) as Scholia
 * reads the file, one sentence a line, tokens between spaces, with the
 * corpus's own named entities as the annotations. The corpus is for research
 * use only, so it is read from ../shared/corpora/conll2002-es (or
 * $SCHOLIA_CONLL2002), never copied; `realShapeMissing` says when it is absent.
 */
export const REAL_SHAPES = ['conll'];
const CONLL_DIR = process.env.SCHOLIA_CONLL2002 ?? fileURLToPath(new URL('../../shared/corpora/conll2002-es', import.meta.url));

/** Why a real shape cannot be made here, or null. */
export function realShapeMissing(shape) {
  if (shape !== 'conll') return null;
  return existsSync(join(CONLL_DIR, 'esp.train')) ? null : `${CONLL_DIR}/esp.train is absent`;
}

/** esp.train's sentences: tokens, and entities as [first, last] token and type (IOB2). */
function conllSentences() {
  const sentences = [];
  let tokens = [];
  let entities = [];
  const close = () => {
    if (tokens.length) sentences.push({ tokens, entities });
    tokens = [];
    entities = [];
  };
  for (const line of readFileSync(join(CONLL_DIR, 'esp.train'), 'latin1').split('\n')) {
    const cols = line.trim().split(' ');
    if (!line.trim()) { close(); continue; }
    const tag = cols[cols.length - 1];
    const at = tokens.length;
    tokens.push(cols[0]);
    const last = entities[entities.length - 1];
    if (tag.startsWith('B-') || (tag.startsWith('I-') && !(last && last.end === at && last.type === tag.slice(2)))) {
      entities.push({ start: at, end: at + 1, type: tag.slice(2) });
    } else if (tag.startsWith('I-')) last.end = at + 1;
  }
  close();
  return sentences;
}

/** The seed's lines, then esp.train's sentences to `bytes`, and the entities' code-point spans. */
function conllDocument(bytes, seedLines) {
  const lines = [...seedLines];
  let offset = lines.reduce((n, l) => n + Array.from(l).length + 1, 0);
  let size = Buffer.byteLength(lines.join('\n'), 'utf8');
  const entities = [];
  for (const { tokens, entities: found } of conllSentences()) {
    if (size >= bytes) break;
    const starts = [];
    let at = offset;
    for (const t of tokens) {
      starts.push(at);
      at += Array.from(t).length + 1;
    }
    for (const e of found) {
      const last = e.end - 1;
      entities.push({ start: starts[e.start], end: starts[last] + Array.from(tokens[last]).length, type: e.type });
    }
    const line = tokens.join(' ');
    lines.push(line);
    offset = at;
    size += Buffer.byteLength(line, 'utf8') + 1;
  }
  if (size < bytes) throw new Error(`esp.train makes ${size} bytes of text, fewer than ${bytes}`);
  return { text: lines.join('\n'), entities };
}

const ZH = {
  who: ['阿尔巴尼亚政府', '伊朗外交部', '北约', '欧洲委员会', '警方', '反对派', '总理埃迪·拉马', '议会委员会', '检察官办公室', '大使馆工作人员'],
  where: ['地拉那', '德黑兰', '布鲁塞尔', '北京', '上海', '都拉斯', '斯库台', '苏黎世'],
  when: ['周一', '周四', '昨天', '上周', '七月', '2020年', '自2014年以来', '今天上午'],
  did: ['驱逐了四名外交官', '谴责了这次网络攻击', '否认与此事有关', '封锁了整栋大楼', '关闭了多个政府网站', '承诺加强保护', '拒绝发表评论', '发表了一份声明', '展开了调查', '召见了大使'],
  quote: ['无可辩驳的证据', '令人不安的先例', '对国家安全的威胁', '鲁莽的挑衅', '十年来最严重的攻击'],
};
const JA = {
  who: ['アルバニア政府', 'イラン外務省', '北大西洋条約機構', '欧州委員会', '警察', '野党', '首相', '検察庁', '大使館の職員'],
  where: ['ティラナ', 'テヘラン', 'ブリュッセル', '東京', '大阪', 'ドゥラス', 'チューリッヒ'],
  when: ['月曜日に', '木曜日に', '昨日', '先週', '七月に', '2020年に', '今朝'],
  did: ['外交官四人を追放した', 'サイバー攻撃を非難した', '関与を否定した', '建物を封鎖した', '複数のウェブサイトを停止した', '保護の強化を約束した', 'コメントを控えた', '声明を発表した', '調査を開始した'],
  quote: ['否定できない証拠', '憂慮すべき前例', '国家安全保障への脅威', '無謀な挑発'],
};
const AR = {
  who: ['الحكومة الألبانية', 'وزارة الخارجية الإيرانية', 'حلف NATO', 'الشرطة', 'المعارضة', 'رئيس الوزراء إيدي راما', 'شركة Microsoft', 'المفوضية الأوروبية', 'مكتب المدعي العام'],
  where: ['تيرانا', 'طهران', 'بروكسل', 'Tirana', 'زيورخ', 'دوريس'],
  when: ['يوم الاثنين', 'يوم الخميس', 'الأسبوع الماضي', 'في عام 2020', 'منذ 2014', 'في 15 يوليو', 'قبل 24 ساعة'],
  did: ['طردت أربعة دبلوماسيين', 'أدانت الهجوم الإلكتروني', 'نفت أي تورط', 'أغلقت المبنى', 'فتحت تحقيقاً', 'استدعت السفير', 'أصدرت بياناً رسمياً', 'أوقفت 3,000 حساب'],
  quote: ['دليل لا يقبل الجدل', 'سابقة مقلقة', 'تهديد للأمن القومي', 'استفزاز متهور'],
};
const FA = {
  who: ['دولت آلبانی', 'وزارت امور خارجه ایران', 'سازمان NATO', 'پلیس', 'نخست‌وزیر', 'کمیسیون اروپا', 'شرکت Microsoft'],
  where: ['تیرانا', 'تهران', 'بروکسل', 'Zürich', 'شکودر'],
  when: ['روز دوشنبه', 'هفته گذشته', 'در سال ۱۴۰۱', 'از سال 2014', 'ساعت 10:30 صبح'],
  did: ['چهار دیپلمات را اخراج کرد', 'حمله را محکوم کرد', 'هرگونه دخالت را رد کرد', 'بیانیه‌ای منتشر کرد', 'تحقیقات را آغاز کرد', 'سفیر را احضار کرد'],
  quote: ['شواهد انکارناپذیر', 'تهدیدی برای امنیت ملی', 'یک تحریک بی‌پروا'],
};
const MIXED_WORDS = [
  'Αθήνα', 'Ελλάδα', 'Москва', 'Київ', 'Беларусь', 'नमस्ते', 'दिल्ली', 'กรุงเทพฯ', 'ירושלים', 'תל־אביב', 'თბილისი',
  'Việt Nam', 'Hà Nội', 'Zoe\u0308', 'cafe\u0301', 'n\u0303', 'Ångström', 'a\u0300\u0301\u0302', 'Ω\u0308', 'ﬁnance', 'Straße',
];
const MIXED_EMOJI = [
  '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇯🇵', '🇺🇦', '🇦🇱', '👍🏿', '🧑🏽‍🔬', '❤️', '🤷‍♀️', '👩‍💻', '🐈‍⬛', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '😀',
];

/** One sentence of a shape's language. */
function shapedSentence(shape, rng) {
  if (shape === 'cjk') {
    if (rng.chance(0.5)) {
      const w = ZH;
      return rng.chance(0.3)
        ? `「${rng.pick(w.quote)}」，${rng.pick(w.who)}${rng.pick(w.when)}在${rng.pick(w.where)}说。`
        : `${rng.pick(w.when)}，${rng.pick(w.who)}在${rng.pick(w.where)}${rng.pick(w.did)}。`;
    }
    const w = JA;
    return rng.chance(0.3)
      ? `${rng.pick(w.who)}は「${rng.pick(w.quote)}」だと述べた。`
      : `${rng.pick(w.who)}は${rng.pick(w.when)}、${rng.pick(w.where)}で${rng.pick(w.did)}。`;
  }
  if (shape === 'rtl') {
    if (rng.chance(0.6)) {
      const w = AR;
      return rng.chance(0.3)
        ? `قال ${rng.pick(w.who)} ${rng.pick(w.when)} إن هناك «${rng.pick(w.quote)}» في ${rng.pick(w.where)}.`
        : `${rng.pick(w.who)} ${rng.pick(w.did)} في ${rng.pick(w.where)} ${rng.pick(w.when)}.`;
    }
    const w = FA;
    return `${rng.pick(w.who)} ${rng.pick(w.when)} در ${rng.pick(w.where)} ${rng.pick(w.did)}${rng.chance(0.3) ? ` و آن را «${rng.pick(w.quote)}» خواند` : ''}.`;
  }
  if (shape === 'mixed') {
    // Denser than the other shapes: a word of another script or an emoji
    // (ZWJ sequences, flags, keycaps, tags) every few words.
    const words = sentence(rng).split(' ');
    const out = [];
    for (const word of words) {
      out.push(word);
      if (rng.chance(0.25)) out.push(rng.pick(MIXED_WORDS));
      if (rng.chance(0.15)) out.push(rng.pick(MIXED_EMOJI));
    }
    return out.join(' ');
  }
  return sentence(rng);
}

/** Breaks a paragraph into lines of at most `width` code points, at spaces. */
function wrap(paragraph, width) {
  const lines = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line && Array.from(line).length + 1 + Array.from(word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The seed article's lines, the source line and blank lines left out. */
function seedArticleLines() {
  return SEED_ARTICLE.split('\n').filter((l) => l.trim() && !l.startsWith('Source:'));
}

/**
 * The document text of a shape: the seed article's first lines, then
 * generated paragraphs, to `bytes` UTF-8 bytes.
 */
export function generateText(bytes, rng, shape = 'paragraphs') {
  if (!SHAPES.includes(shape)) throw new Error(`unknown shape “${shape}” (one of ${[...SHAPES, ...REAL_SHAPES].join(', ')})`);
  const seedLines = seedArticleLines();
  const lines = [...seedLines];
  let size = Buffer.byteLength(lines.join('\n'), 'utf8');
  while (size < bytes) {
    const n = 2 + rng.int(5);
    const sentences = Array.from({ length: n }, () => shapedSentence(shape, rng));
    const paragraph = sentences.join(shape === 'cjk' ? '' : ' ');
    if (shape === 'lines') {
      // About 80 characters a line, a blank line after every 3 to 5.
      const wrapped = wrap(paragraph, 80);
      for (let i = 0; i < wrapped.length; i++) {
        lines.push(wrapped[i]);
        size += Buffer.byteLength(wrapped[i], 'utf8') + 1;
        if (lines.blankIn === undefined) lines.blankIn = 3 + rng.int(3);
        if (--lines.blankIn === 0) {
          lines.push('');
          size += 1;
          lines.blankIn = undefined;
        }
      }
      continue;
    }
    lines.push(paragraph);
    size += Buffer.byteLength(paragraph, 'utf8') + 1;
  }
  if (shape === 'single') return lines.join(' ');
  // Mostly LF, some CRLF: every line terminator is a character to Scholia.
  let text = '';
  lines.forEach((line, i) => {
    text += line;
    if (i < lines.length - 1) text += i % 37 === 36 ? '\r\n' : '\n';
  });
  return text;
}

const TRIM = new Set([...',.;:!?()“”‘’"\'—–«»،。、，「」']);

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Words of the text as [start, end) code-point spans, per line, punctuation
 * trimmed. Text without spaces (CJK) is cut into words of two characters.
 */
function wordsByLine(chars) {
  const lines = [[]];
  let start = -1;
  const push = (s, e) => {
    while (s < e && TRIM.has(chars[s])) s++;
    while (e > s && TRIM.has(chars[e - 1])) e--;
    if (e > s) lines[lines.length - 1].push([s, e]);
  };
  const close = (end) => {
    if (end - start > 4 && CJK.test(chars[start])) {
      for (let s = start; s < end; s += 2) push(s, Math.min(s + 2, end));
    } else push(start, end);
    start = -1;
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\n' || c === '\r' || c === ' ') {
      if (start >= 0) close(i);
      if (c === '\n' || (c === '\r' && chars[i + 1] !== '\n')) lines.push([]);
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) close(chars.length);
  return lines;
}

/**
 * `base` spans of 1–3 words, each starting somewhere in its own stretch of
 * the words, never reaching into the next stretch, so that none overlap.
 */
function placedBases(words, base, count, bytes, rng, labels) {
  const stride = words.length / base;
  if (stride < 5) throw new Error(`${count} annotations do not fit in ${bytes} bytes of text`);
  const bases = [];
  for (let k = 0; k < base; k++) {
    const first = Math.floor(k * stride) + rng.int(Math.max(1, Math.floor(stride) - 4));
    const { i, line } = words[first];
    const n = Math.min(1 + rng.int(3), line.length - i);
    bases.push({ start: line[i][0], end: line[i + n - 1][1], label: rng.pick(labels), line, i, n });
  }
  return bases;
}

/** The labels the corpus's entity types become (the default scheme's). */
const CONLL_LABELS = { PER: 'actor', ORG: 'actor', LOC: 'event', MISC: 'claim' };

/**
 * `base` of the corpus's entities after `from`, spread evenly over them (all
 * of them if there are fewer), as spans over the words they cover.
 */
function realBases(entities, from, base, words, labels) {
  const at = new Map(words.map((w) => [w.w[0], w]));
  // (An entity whose first token is punctuation starts no word: left out.)
  const after = entities.filter((e) => e.start > from && at.has(e.start));
  const picked = after.length <= base ? after : Array.from({ length: base }, (_, k) => after[Math.floor((k * after.length) / base)]);
  return picked.map((e) => {
    const { i, line } = at.get(e.start);
    let n = 1;
    while (i + n < line.length && line[i + n][0] < e.end) n++;
    return { start: e.start, end: e.end, label: CONLL_LABELS[e.type] ?? labels[0], line, i, n };
  });
}

/**
 * A Scholia JSON file (format version 1) of about `bytes` bytes of text and
 * exactly `count` annotations, about 10% of which overlap another.
 */
export function generate({ bytes, count, seed = 20261128, shape = 'paragraphs' }) {
  const rng = random(seed ^ bytes ^ (count * 2654435761));
  const real = shape === 'conll' ? conllDocument(bytes, seedArticleLines()) : null;
  const text = real ? real.text : generateText(bytes, rng, shape);
  const chars = Array.from(text);
  const lines = wordsByLine(chars);
  const labels = ['actor', 'event', 'claim'];
  const spans = [];

  // The annotation the benchmark deletes: the first “combat gear”, on the
  // seed's second line, overlapping nothing.
  const at = Array.from(text.slice(0, text.indexOf(REMOVE_TARGET))).length;
  const removeEnd = at + Array.from(REMOVE_TARGET).length;
  spans.push({ start: at, end: removeEnd, label: 'event' });

  // Every other annotation lies after it (on the lines after its line, where
  // there are lines), spread evenly.
  const all = lines.flatMap((line) => line.map((w, i) => ({ w, i, line })));
  const breakAfter = chars.slice(removeEnd).findIndex((c) => c === '\n' || c === '\r');
  const from = breakAfter >= 0 ? removeEnd + breakAfter : removeEnd + 1;
  const words = all.filter(({ w }) => w[0] > from);
  const overlapping = Math.round(count * 0.05);
  const base = count - 1 - overlapping;
  const bases = real ? realBases(real.entities, from, base, words, labels) : placedBases(words, base, count, bytes, rng, labels);

  // Each overlapping annotation overlaps a distinct base span: nested in a
  // longer one, or crossing its end, so that ~10% of all overlap another.
  const chosen = new Set();
  while (chosen.size < overlapping) chosen.add(rng.int(bases.length));
  const overlaps = [...chosen].sort((a, b) => a - b).map((k) => {
    const b = bases[k];
    const label = rng.pick(labels);
    if (b.n >= 2 && rng.chance(0.5)) return { start: b.line[b.i + 1][0], end: b.end, label };
    const last = Math.min(b.i + b.n, b.line.length - 1);
    return { start: b.line[b.i + b.n - 1][0], end: b.line[last][1], label };
  });
  spans.push(...bases, ...overlaps);
  spans.sort((a, b) => a.start - b.start || b.end - a.end);

  const annotations = spans.map((s, n) => ({
    id: `b${String(n + 1).padStart(5, '0')}`,
    layer: LAYER,
    label: s.label,
    fragments: [{ start: s.start, end: s.end, quote: chars.slice(s.start, s.end).join('') }],
    created: TIME,
    modified: TIME,
  }));
  const size = `${bytes >= 1e6 ? `${bytes / 1e6}m` : `${bytes / 1e3}k`}-${count}`;
  const name = shape === 'paragraphs' ? size : `${shape}-${size}`;
  return {
    format: 'scholia',
    version: 1,
    generator: 'Scholia benchmark generator',
    document: {
      id: `bench-${name}`,
      title: `Benchmark ${name}`,
      text,
      length: chars.length,
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    },
    scheme: { labels: DEFAULT_LABELS },
    annotations,
    relations: [],
  };
}

/** The default scheme's labels, as the app writes them. */
/**
 * A term list of `n` terms for a text, as examples/suggest_figures.rs makes
 * one: the text's words and word pairs (so that many match), then made-up
 * words; TSV, the labels in turn (bench/terms-page.mjs, terms-worker.mjs).
 */
export function termList(text, n = 100_000) {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const terms = new Set();
  for (let i = 0; i + 1 < words.length && terms.size < n / 2; i++) {
    terms.add(words[i]);
    terms.add(`${words[i]} ${words[i + 1]}`);
  }
  for (let i = 0; terms.size < n; i++) terms.add(`term${i}x`);
  const labels = ['actor', 'event', 'claim'];
  return { count: terms.size, list: [...terms].map((t, i) => `${t}\t${labels[i % 3]}`).join('\n') };
}

export const DEFAULT_LABELS = [
  { id: 'actor', name: 'Actor', color: '#1f77b4', hotkey: 'a', description: 'A person, group, organisation or state that acts.' },
  { id: 'event', name: 'Event', color: '#e07b00', hotkey: 'e', description: 'Something that happens.' },
  { id: 'claim', name: 'Claim', color: '#2ca02c', hotkey: 'c', description: 'A statement someone asserts.' },
];

/** Facts about a generated file, to check it and to print. */
export function describe(file) {
  const spans = file.annotations.map((a) => a.fragments[0]).sort((a, b) => a.start - b.start);
  const overlapping = new Set();
  let reach = -1;
  let reacher = -1;
  spans.forEach((s, i) => {
    if (s.start < reach) {
      overlapping.add(i);
      overlapping.add(reacher);
    }
    if (s.end > reach) [reach, reacher] = [s.end, i];
  });
  const text = file.document.text;
  return {
    bytes: Buffer.byteLength(text, 'utf8'),
    codePoints: file.document.length,
    utf16: text.length,
    lines: text.split(/\r\n|\n|\r/).length,
    annotations: file.annotations.length,
    overlapping: overlapping.size,
    nonAscii: Array.from(text).filter((c) => c.codePointAt(0) > 127).length,
    emoji: (text.match(/\p{Extended_Pictographic}/gu) ?? []).length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [size = '100k', count = '1000', shape = 'paragraphs'] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(generate({ bytes: parseSize(size), count: Number(count), shape })));
}
