/**
 * A lesson's Markdown as safe HTML: maths between `$…$` (inline) or `$$…$$` (display) typeset
 * by KaTeX as MathML (no fonts or CSS needed), the rest by marked, the whole sanitised by
 * DOMPurify, so a lesson file cannot inject script.
 */
import DOMPurify from 'dompurify';
import katex from 'katex';
import { marked } from 'marked';

/** The text with each maths span replaced by a placeholder, and the spans in order. */
export function extractMaths(markdown: string): { text: string; maths: { tex: string; display: boolean }[] } {
  const maths: { tex: string; display: boolean }[] = [];
  const text = markdown.replace(/\$\$([\s\S]+?)\$\$|\$([^$\n]+?)\$/g, (_, display: string | undefined, inline: string | undefined) => {
    maths.push({ tex: (display ?? inline)!.trim(), display: display !== undefined });
    return `LUCIOLEMATH${maths.length - 1}END`;
  });
  return { text, maths };
}

/** Sanitised HTML for a lesson's Markdown (a malformed formula shows as its TeX, in red). */
export function lessonHtml(markdown: string): string {
  const { text, maths } = extractMaths(markdown);
  const html = (marked.parse(text, { async: false }) as string).replace(/LUCIOLEMATH(\d+)END/g, (_, k: string) => {
    const m = maths[Number(k)];
    return katex.renderToString(m.tex, { displayMode: m.display, output: 'mathml', throwOnError: false });
  });
  return DOMPurify.sanitize(html);
}
