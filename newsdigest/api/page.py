"""The web page at ``/``: one self-contained HTML file, no network resource but the API itself.

It only collects input and shows what the API returns: the report and the digest arrive as
HTML rendered by ``render.html`` / ``render.digest`` (the same view as ``--format html``), so
no summary logic lives in the page.
"""
from __future__ import annotations

from html import escape

from ..render.html import CSS, SCRIPT
from ..render.timeline import TIMELINE_CSS

_PAGE_CSS = """
nav button{font:inherit;padding:.3rem .8rem;margin-right:.3rem;border:1px solid #99b;background:#fff;border-radius:4px}
nav button[aria-selected=true]{background:#eef;font-weight:600}
form{display:grid;grid-template-columns:minmax(0,1fr);gap:.6rem;margin:1rem 0}textarea{width:100%;min-height:9rem;font:inherit;box-sizing:border-box}
#drop{border:2px dashed #99b;border-radius:6px;padding:1rem;text-align:center;color:#555}
#drop.over{background:#eef}.row{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center}
input,select{font:inherit}#status{color:#555;min-height:1.5rem}#status.error{color:#a00}
#files li{font-size:.9rem}#event-list li{margin:.3rem 0}button.open{margin-right:.4rem}[hidden]{display:none!important}
body{overflow-wrap:anywhere}table{display:block;overflow-x:auto;max-width:100%}textarea,input,select{max-width:100%}
@media (max-width:30rem){body{margin:1rem auto}h1{font-size:1.2rem}}
"""

_PAGE_JS = """
var token = sessionStorage.getItem('nd-token') || '';
function headers(){ return token ? {'Authorization': 'Bearer ' + token} : {}; }
function status(text, error){ var s = document.getElementById('status'); s.textContent = text;
  s.className = error ? 'error' : ''; }
async function call(url, options){
  options = options || {}; options.headers = Object.assign(headers(), options.headers || {});
  var r = await fetch(url, options);
  if (!r.ok) { var d = {}; try { d = await r.json(); } catch (e) {}
    throw new Error(r.status + ': ' + (typeof d.detail === 'string' ? d.detail : JSON.stringify(d.detail || r.statusText))); }
  return r;
}
var picked = [];
function showFiles(){ var ul = document.getElementById('files'); ul.textContent = '';
  picked.forEach(function(f){ var li = document.createElement('li'); li.textContent = f.name; ul.appendChild(li); }); }
var drop = document.getElementById('drop');
drop.addEventListener('dragover', function(e){ e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', function(){ drop.classList.remove('over'); });
drop.addEventListener('drop', function(e){ e.preventDefault(); drop.classList.remove('over');
  picked = picked.concat(Array.from(e.dataTransfer.files)); showFiles(); });
document.getElementById('pick').addEventListener('change', function(e){
  picked = picked.concat(Array.from(e.target.files)); showFiles(); e.target.value = ''; });
document.getElementById('clear').addEventListener('click', function(){ picked = []; showFiles(); });
document.getElementById('summarize-form').addEventListener('submit', async function(e){
  e.preventDefault();
  var form = new FormData();
  picked.forEach(function(f){ form.append('files', f, f.name); });
  var pasted = document.getElementById('text').value.split(/^\\s*-{3,}\\s*$/m)
    .map(function(t){ return t.trim(); }).filter(Boolean);
  pasted.forEach(function(t, i){ form.append('files', new Blob([t], {type: 'text/plain'}), 'pasted-' + (i + 1) + '.txt'); });
  if (!form.has('files')) { status('Paste text or add files first.', true); return; }
  form.append('method', document.getElementById('method').value);
  form.append('words', document.getElementById('words').value);
  form.append('query', document.getElementById('query').value);
  form.append('format', 'html');
  status('Summarizing…');
  try { var r = await call('v1/summarize/files', {method: 'POST', body: form});
    document.getElementById('report').innerHTML = await r.text(); status('');
  } catch (err) { status(err.message, true); }
});
async function loadEvents(){
  try { var r = await call('v1/events?limit=200'); var events = await r.json();
    var ul = document.getElementById('event-list'); ul.textContent = '';
    events.forEach(function(ev){ var li = document.createElement('li');
      var open = document.createElement('button'); open.type = 'button'; open.className = 'open';
      open.dataset.id = ev.event; open.textContent = 'Open';
      open.addEventListener('click', function(){ openEvent(ev); });
      li.appendChild(open); li.appendChild(document.createTextNode(' ' + ev.first +
        (ev.last !== ev.first ? ' to ' + ev.last : '') + ' · ' + ev.sources + ' sources · ' + ev.headline));
      ul.appendChild(li); });
    if (!events.length) status('The store has no events yet.');
  } catch (err) { status(err.message, true); }
}
async function part(id, url){
  var r = await call(url); document.getElementById(id).innerHTML = await r.text(); }
async function openEvent(ev){
  var view = document.getElementById('event-view'); view.hidden = false;
  document.getElementById('event-title').textContent = 'Event ' + ev.event + ' · ' + ev.first +
    (ev.last !== ev.first ? ' to ' + ev.last : '') + ' · ' + ev.size + ' articles, ' + ev.sources + ' sources';
  ['ev-summary', 'ev-update', 'ev-timeline'].forEach(function(id){ document.getElementById(id).textContent = ''; });
  status('Summarizing the event…'); view.scrollIntoView();
  var base = 'v1/events/' + ev.event;
  try { await Promise.all([part('ev-summary', base + '?format=html'), part('ev-update', base + '/update?format=html'),
                           part('ev-timeline', base + '/timeline?format=html')]); status('');
  } catch (err) { status(err.message, true); }
}
document.getElementById('digest-form').addEventListener('submit', async function(e){
  e.preventDefault(); var day = document.getElementById('day').value;
  status('Summarizing the day…');
  try { var r = await call('v1/digest?format=html' + (day ? '&date=' + day : ''));
    document.getElementById('digest').innerHTML = await r.text(); status('');
  } catch (err) { status(err.message, true); }
});
document.querySelectorAll('nav button').forEach(function(b){ b.addEventListener('click', function(){
  document.querySelectorAll('nav button').forEach(function(o){ o.setAttribute('aria-selected', o === b); });
  document.querySelectorAll('main > section').forEach(function(s){ s.hidden = s.id !== b.dataset.view; });
  status(''); if (b.dataset.view === 'events') loadEvents(); }); });
var tokenInput = document.getElementById('token');
if (tokenInput) { tokenInput.value = token; tokenInput.addEventListener('change', function(){
  token = tokenInput.value; sessionStorage.setItem('nd-token', token); }); }
"""


def render_page(methods: tuple[str, ...], store: bool, token: bool) -> str:
    options = "".join(f'<option{" selected" if k == 0 else ""}>{escape(m)}</option>' for k, m in enumerate(methods))
    token_field = ('<label class=row>Access token <input id=token type=password autocomplete=off></label>'
                   if token else "")
    events_tab = '<button type=button data-view=events aria-selected=false>Events</button>' if store else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>newsdigest</title>
<style>{CSS}{TIMELINE_CSS}{_PAGE_CSS}</style></head><body>
<h1>newsdigest</h1>
{token_field}
<nav><button type=button data-view=summarize aria-selected=true>Summarize</button>{events_tab}</nav>
<main>
<section id=summarize>
<form id=summarize-form>
<label for=text>Paste articles about one event (separate articles with a line of <code>---</code>)</label>
<textarea id=text></textarea>
<div id=drop>Drop files here (text, HTML, SGML, JSON, JSON Lines), or
<label><input id=pick type=file multiple> choose files</label>
<ul id=files></ul><button type=button id=clear>Clear files</button></div>
<div class=row><label>Method <select id=method>{options}</select></label>
<label>Length <input id=words type=number min=10 max=1000 value=100 style="width:5rem"> words</label>
<label>Question <input id=query type=search maxlength=2000 placeholder="optional: what about …?" style="width:16rem"></label>
<button type=submit>Summarize</button></div>
</form>
<div id=report></div>
</section>
<section id=events hidden>
<ul id=event-list></ul>
<form id=digest-form class=row><label>Day <input id=day type=date></label>
<button type=submit>Digest of the day</button></form>
<article id=event-view hidden><h2 id=event-title></h2>
<section id=ev-summary></section>
<section id=ev-update></section>
<section id=ev-timeline></section>
</article>
<div id=digest></div>
</section>
</main>
<p id=status role=status></p>
<script>{SCRIPT}{_PAGE_JS}</script>
</body></html>
"""
