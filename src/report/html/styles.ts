/** Inline stylesheet of the HTML report (the CSP allows inline styles only). */
export const STYLES = `
:root{--bg:#f6f7f9;--panel:#fff;--ink:#1c2330;--muted:#5b6576;--line:#e2e6ec;--accent:#2457c5;--accent-ink:#fff;
--bad:#c4312b;--bad-bg:#fdecea;--warn:#a86200;--warn-bg:#fff4e0;--good:#1f7a3f;--good-bg:#e7f5ec;
--c-open:#d1453b;--c-ack:#e9a23b;--c-vend:#9aa5b8;--hl:#fff3c4;--code-bg:#f3f5f8;--shadow:0 1px 2px rgba(16,24,40,.06),0 1px 3px rgba(16,24,40,.08);
color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#12161d;--panel:#1a2029;--ink:#e4e8ef;--muted:#9aa4b5;--line:#2c3440;--accent:#7aa2ff;--accent-ink:#0b1020;
--bad:#ff7b72;--bad-bg:#3a1c1c;--warn:#f2b45a;--warn-bg:#3a2c14;--good:#6fd08c;--good-bg:#173222;--c-vend:#5d6779;--hl:#4a3f12;--code-bg:#141920;--shadow:none}}
*{box-sizing:border-box}
html{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;background:var(--bg);color:var(--ink)}
body{margin:0}
code,.snippet,.lines{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
a{color:var(--accent)}
.wrap{max-width:1320px;margin:0 auto;padding:0 24px}
.skip{position:absolute;left:-999px;top:0;background:var(--accent);color:var(--accent-ink);padding:8px 12px;z-index:10}
.skip:focus{left:8px}
header.top{background:#16213a;color:#eef2fb;padding:28px 0 22px}
header.top .eyebrow{margin:0;color:#9fb3e0;font-size:12px;letter-spacing:.06em;text-transform:uppercase}
header.top h1{margin:4px 0 6px;font-size:26px;font-weight:650;letter-spacing:-.01em}
header.top .lede{margin:0;color:#c9d3ea;max-width:860px}
header.top .meta{margin:10px 0 0;color:#9fb3e0;font-size:12.5px}
section{padding:22px 0 6px}
h2{font-size:18px;margin:0 0 12px;font-weight:650}
.section-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 18px;margin-bottom:10px}
.section-head h2{margin:0}
.sub{color:var(--muted);margin:0}
.verdict{font-size:17px;margin:0 0 4px;font-weight:600}
.verdict strong{font-size:22px}
.verdict.bad{color:var(--bad)}.verdict.good{color:var(--good)}
.complete{margin:0 0 14px;color:var(--muted)}
.complete.warn span[data-metric="complete"]{color:var(--warn);font-weight:600}
.complete.good span[data-metric="complete"]{color:var(--good);font-weight:600}
.chip{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600}
.chip.warn{background:var(--warn-bg);color:var(--warn)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(132px,1fr));gap:10px;margin:0 0 16px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px;box-shadow:var(--shadow)}
.card dt{color:var(--muted);font-size:12px}
.card dd{margin:2px 0 0;font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.card.bad{border-top:3px solid var(--bad)}.card.bad dd{color:var(--bad)}
.card.good{border-top:3px solid var(--good)}
table{border-collapse:collapse}
.counts{background:var(--panel);border:1px solid var(--line);border-radius:8px;overflow:hidden;box-shadow:var(--shadow);min-width:560px}
.counts caption{text-align:left;font-weight:600;padding:0 0 6px}
.counts th,.counts td{padding:6px 14px;border-bottom:1px solid var(--line);text-align:right;font-variant-numeric:tabular-nums}
.counts th[scope=row]{text-align:left;font-weight:600}
.counts thead th{color:var(--muted);font-weight:500;font-size:12px}
.counts tr:last-child>*{border-bottom:0}
.counts .na{color:var(--muted)}
.chart-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}
.chart{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px 8px;box-shadow:var(--shadow)}
.chart figcaption{font-weight:600;margin-bottom:4px}
.chart svg{display:block;max-height:280px}
.chart .lbl{fill:var(--ink);font-size:11.5px}
.chart .val{fill:var(--muted);font-size:11px;font-variant-numeric:tabular-nums}
.chart g.bar[data-filter]{cursor:pointer}
.chart g.bar[data-filter]:hover rect,.chart g.bar[data-filter]:focus rect{opacity:.8}
.chart g.bar:focus{outline:none}.chart g.bar:focus .lbl{text-decoration:underline}
.seg-open{fill:var(--c-open);background:var(--c-open)}.seg-ack{fill:var(--c-ack);background:var(--c-ack)}.seg-vend{fill:var(--c-vend);background:var(--c-vend)}
.legend{display:flex;gap:14px;list-style:none;margin:0;padding:0;color:var(--muted);font-size:12px}
.legend .sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.hint{color:var(--muted);font-size:12px;margin:6px 0 0}
html:not(.js) .js-only{display:none}
.notice{background:var(--warn-bg);color:var(--warn);padding:10px 14px;border-radius:8px}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 12px;box-shadow:var(--shadow)}
.field{display:flex;flex-direction:column;gap:2px;font-size:12px;color:var(--muted)}
.field.grow{flex:1 1 240px}
select,input[type=search]{font:inherit;color:var(--ink);background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:5px 8px;max-width:260px}
input[type=search]{max-width:none;width:100%}
select:focus-visible,input:focus-visible,button:focus-visible,g.bar:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
.btn{font:inherit;background:var(--panel);color:var(--ink);border:1px solid var(--line);border-radius:6px;padding:5px 12px;cursor:pointer}
.btn:hover:not(:disabled){border-color:var(--accent);color:var(--accent)}
.btn:disabled{opacity:.45;cursor:default}
.btn.small{padding:3px 9px;font-size:12.5px}
.count{margin:10px 0 6px;color:var(--muted);font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto;background:var(--panel);border:1px solid var(--line);border-radius:8px;box-shadow:var(--shadow)}
table.data{width:100%;font-size:13px}
table.data th{position:sticky;top:0;background:var(--panel);text-align:left;font-weight:600;color:var(--muted);font-size:12px;border-bottom:1px solid var(--line);padding:7px 10px;white-space:nowrap}
table.data td{padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
table.data tbody tr:last-child td{border-bottom:0}
table.data tbody tr:hover{background:color-mix(in srgb,var(--accent) 6%,transparent)}
#findings-body tr{cursor:pointer}
table.data .num{text-align:right;font-variant-numeric:tabular-nums}
table.data td.empty{text-align:center;color:var(--muted);padding:20px}
table.compact td,table.compact th{padding:4px 8px}
button.sort{all:unset;cursor:pointer;display:inline-flex;gap:4px;align-items:center}
button.sort:focus-visible{outline:2px solid var(--accent)}
th[aria-sort=ascending] .arrow::after{content:"▲";font-size:9px}
th[aria-sort=descending] .arrow::after{content:"▼";font-size:9px}
th[aria-sort=none] button.sort:hover .arrow::after{content:"↕";font-size:10px;opacity:.5}
button.link{all:unset;cursor:pointer;color:var(--accent);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}
button.link:focus-visible{outline:2px solid var(--accent)}
td.loc{max-width:300px}
td.code-col,th.code-col{max-width:420px}
.snippet{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;background:var(--code-bg);padding:1px 6px;border-radius:4px}
.prim{font-weight:600}
.kind,.pkg,.fn{display:block;color:var(--muted);font-size:11.5px}
.fn{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:200px;margin-left:auto}
.n{font-weight:600}
.why{white-space:pre-wrap;word-break:break-word;color:var(--muted);max-width:520px}
.tname{word-break:break-all}
.nowrap{white-space:nowrap}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11.5px;font-weight:600;white-space:nowrap;background:var(--code-bg);color:var(--muted)}
.st-open{background:var(--bad-bg);color:var(--bad)}
.st-acknowledged{background:var(--warn-bg);color:var(--warn)}
.st-suppressed,.st-mixed,.st-info{background:var(--code-bg);color:var(--muted)}
.o-own{background:color-mix(in srgb,var(--accent) 12%,transparent);color:var(--accent)}
.o-vend{background:var(--code-bg);color:var(--muted)}
.b-new{background:var(--bad-bg);color:var(--bad)}
.ts-error{background:var(--bad-bg);color:var(--bad)}.ts-skipped{background:var(--warn-bg);color:var(--warn)}.ts-scanned{background:var(--good-bg);color:var(--good)}
.pager{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:8px 0 0}
.pager .page-no{padding:0 6px;font-variant-numeric:tabular-nums}
.pager .page-info{color:var(--muted);margin-left:auto;font-variant-numeric:tabular-nums}
.pager select{font-size:12.5px;padding:3px 6px}
dialog{width:min(900px,94vw);max-height:90vh;border:1px solid var(--line);border-radius:10px;padding:0;background:var(--panel);color:var(--ink);box-shadow:0 20px 50px rgba(0,0,0,.3)}
dialog::backdrop{background:rgba(15,20,30,.45)}
.dlg-head{display:flex;justify-content:space-between;align-items:flex-start;gap:12px;padding:16px 20px 10px;border-bottom:1px solid var(--line);position:sticky;top:0;background:var(--panel)}
.dlg-head h2{margin:4px 0 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:17px}
.dlg-head .eyebrow{margin:0;color:var(--muted);font-size:12px}
.btn.close{font-size:20px;line-height:1;padding:2px 10px}
.dlg-body{padding:12px 20px 20px}
.msg{margin:0 0 10px}
.note{background:var(--code-bg);border-left:3px solid var(--c-vend);padding:6px 10px;margin:0 0 10px}
.source{margin:0 0 12px;border:1px solid var(--line);border-radius:8px;overflow:hidden}
.source figcaption{background:var(--code-bg);padding:6px 10px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;color:var(--muted);border-bottom:1px solid var(--line);word-break:break-all}
.lines{overflow-x:auto}
.cl{display:flex;min-height:20px;line-height:20px}
.cl .ln{flex:0 0 56px;text-align:right;padding-right:10px;color:var(--muted);background:var(--code-bg);border-right:1px solid var(--line);user-select:none}
.cl code{white-space:pre;padding:0 10px}
.cl.hl{background:var(--hl)}.cl.hl .ln{color:var(--ink);font-weight:700;background:transparent;box-shadow:inset 3px 0 0 var(--c-open)}
.cl.ctx .ln{opacity:.6}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 12px}
.kv dt{color:var(--muted)}.kv dd{margin:0;word-break:break-word}
.dlg-body h3{font-size:14px;margin:16px 0 6px}
.dlg-body h4{font-size:13px;margin:10px 0 4px;color:var(--muted)}
.remediation{margin-top:14px;border-top:1px solid var(--line);padding-top:4px}
.remediation ul{margin:4px 0;padding-left:20px}
.policy-ref{color:var(--muted);font-size:12px}
footer{color:var(--muted);font-size:12px;text-align:center;padding:28px 24px 36px}
@media print{.filters,.pager,.hint,.skip{display:none}header.top{background:none;color:inherit}}
`;
