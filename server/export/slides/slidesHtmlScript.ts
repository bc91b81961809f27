/**
 * The small inline script of the offline slides file: keyboard and button control, the
 * announcement of each slide in a polite live region, and full screen. It reads only the page
 * itself: no network, no storage, so it works from file:// on a conference laptop. Keys act
 * only outside form fields and with no modifier, and every key has a visible button.
 */
export const SLIDES_HTML_SCRIPT = `(function(){
var d=document,root=d.documentElement;root.className+=' js';
var slides=[].slice.call(d.querySelectorAll('.slide'));var live=d.getElementById('announce');
var at=0;
function show(n,say){n=Math.max(0,Math.min(slides.length-1,n));at=n;
slides.forEach(function(s,k){s.hidden=k!==n;});
if(say){live.textContent=slides[n].getAttribute('data-announce');}}
function notes(){var open=d.body.getAttribute('data-notes')!=='1';d.body.setAttribute('data-notes',open?'1':'0');
slides.forEach(function(s){var n=s.querySelector('.notes');if(n){n.hidden=!open;}});
var b=d.querySelector('[data-go="notes"]');if(b){b.setAttribute('aria-pressed',open?'true':'false');}}
function full(){if(d.fullscreenElement){d.exitFullscreen();}else if(root.requestFullscreen){root.requestFullscreen().catch(function(){});}}
function go(what){if(what==='next'){show(at+1,true);}else if(what==='previous'){show(at-1,true);}
else if(what==='first'){show(0,true);}else if(what==='last'){show(slides.length-1,true);}
else if(what==='full'){full();}else if(what==='notes'){notes();}}
d.addEventListener('click',function(e){var b=e.target.closest?e.target.closest('[data-go]'):null;if(b){go(b.getAttribute('data-go'));}});
d.addEventListener('keydown',function(e){if(e.altKey||e.ctrlKey||e.metaKey||e.defaultPrevented){return;}
var el=e.target;if(el&&(el.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))){return;}
var onButton=el&&el.tagName==='BUTTON';var k=e.key;var what=null;
if(k==='ArrowRight'||k==='PageDown'||(k===' '&&!onButton)){what='next';}
else if(k==='ArrowLeft'||k==='PageUp'){what='previous';}
else if(k==='Home'){what='first';}else if(k==='End'){what='last';}
else if(k==='f'||k==='F'){what='full';}
else if(k==='Escape'&&d.fullscreenElement){what='full';}
if(what){e.preventDefault();go(what);}});
show(0,false);})();`;
