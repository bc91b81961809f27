/**
 * The style sheet of the offline slides file, inline so the file needs nothing else. Light
 * theme, contrast above WCAG AA (body text 16:1, muted text 8:1, accent 8:1 on white); heat is
 * shown as words and a pattern of squares, never by colour alone; no motion at all when the
 * reader prefers reduced motion. Without script every slide is shown, one below the other.
 */
export const SLIDES_HTML_STYLE = `
*{box-sizing:border-box}
html,body{margin:0;background:#fff;color:#1a1a1a;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.deck{display:flex;flex-direction:column;min-height:100vh}
.slides{flex:1}
.slide{position:relative;min-height:90vh;padding:3vw 5vw 2vw;border-bottom:2px solid #595959;line-height:1.35}
.density-roomy{font-size:max(18px,min(2.4vw,3.6vh))}.density-full{font-size:max(16px,min(2vw,3vh))}.density-crowded{font-size:max(14px,min(1.7vw,2.6vh))}
.js .slide{border:0;height:calc(100vh - 4.5rem);overflow:auto}
.js .slide[hidden],.notes[hidden]{display:none}
.slide h1{font-size:2.2em;margin:1.5em 0 .4em}
.slide h2{font-size:1.6em;margin:0 0 .2em}
.slide h3.sub{font-size:1.05em;margin:.6em 0 .2em}
.number,.label{color:#0b4f8a;font-weight:700;font-variant-numeric:tabular-nums}
.label{font-size:.7em;margin-right:.3em}
.part{color:#4a4a4a;font-weight:400}
.subtitle{font-size:1.1em;color:#4a4a4a;margin:.2em 0}
.counter{position:absolute;top:.6em;right:1.2em;margin:0;font-size:.6em;color:#4a4a4a}
.meta{display:flex;gap:1.2em;flex-wrap:wrap;font-size:.75em;color:#333;margin:0 0 .8em}
.heat-pattern{letter-spacing:.1em;color:#1a1a1a}
.body{display:flex;gap:2em;align-items:flex-start}
.text{flex:3;min-width:0}
.text p,.text blockquote{margin:0 0 .6em}
blockquote{border-left:.25em solid #595959;padding-left:.8em;font-style:italic}
li{margin:.15em 0}
.depth-1{margin-left:1.5em}.depth-2{margin-left:3em}.depth-3{margin-left:4.5em}
table{border-collapse:collapse;font-size:.75em}
th,td{border:1px solid #595959;padding:.2em .5em;text-align:left;vertical-align:top}
.spotlight{flex:2;min-width:0;border:3px solid #0b4f8a;border-radius:.4em;padding:.6em .8em;font-size:.7em}
.spotlight h3{margin:0 0 .4em}
.spotlight ul{list-style:none;margin:0;padding:0}
.spotlight li{border-top:1px solid #595959;padding:.4em 0}
.spotlight p{margin:.2em 0}
.quote{font-weight:700}
.who,.more,.hidden-comment{color:#4a4a4a}
.notes{border-top:2px dashed #595959;margin-top:1em;font-size:.6em}
nav{position:sticky;bottom:0;display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;padding:.6rem 1rem;background:#f2f2f2;border-top:1px solid #595959}
nav p{margin:0 0 0 auto;font-size:.85rem;color:#333}
button{font:inherit;font-size:1rem;padding:.4rem .8rem;background:#fff;color:#1a1a1a;border:2px solid #1a1a1a;border-radius:.3rem;cursor:pointer}
button:focus-visible,.slide:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (prefers-reduced-motion:no-preference){.js .slide{animation:appear .2s ease-out}@keyframes appear{from{opacity:.4}to{opacity:1}}}
@media print{nav{display:none}.slide{page-break-after:always;height:auto}.js .slide[hidden]{display:block}}
`;
