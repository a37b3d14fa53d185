// The playground's stylesheet.

/** The page's CSS. */
export const PAGE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1d2330; background: #f3f5f8; }
header { display: flex; gap: 12px; align-items: center; padding: 10px 16px; background: #1d2330; color: #fff; }
header .spacer { flex: 1; }
#platform { padding: 2px 8px; border-radius: 10px; background: #3b4660; }
main { display: grid; grid-template-columns: 200px 1fr 1fr; gap: 12px; padding: 12px 16px 0; }
.pane { display: flex; flex-direction: column; height: 380px; background: #fff; border: 1px solid #d7dce5; border-radius: 8px; padding: 10px; }
h2 { margin: 0 0 8px; font-size: 15px; }
.conversations { flex: 1; overflow-y: auto; list-style: none; margin: 0 0 8px; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.conversations li { padding: 6px 8px; border-radius: 6px; cursor: pointer; border: 1px solid #e3e7ee; font-size: 12px; }
.conversations li.current { border-color: #2f6fed; background: #eef3ff; }
.conversations li .last { display: block; opacity: 0.7; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#live { font-size: 12px; opacity: 0.8; }
.log { flex: 1; overflow-y: auto; list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.log li { max-width: 80%; padding: 6px 10px; border-radius: 12px; background: #e8ecf3; }
.log li.mine { align-self: flex-end; background: #2f6fed; color: #fff; }
.log li.bot { background: #e6f4ea; }
.log li.note { background: #fff6d6; font-style: italic; }
.log li .by { display: block; font-size: 11px; opacity: 0.7; }
.composer { display: flex; gap: 6px; margin-top: 8px; }
.composer input { flex: 1; padding: 6px 8px; border: 1px solid #c4cad6; border-radius: 6px; }
button { padding: 6px 10px; border: 1px solid #2f6fed; border-radius: 6px; background: #2f6fed; color: #fff; cursor: pointer; }
button:disabled { opacity: 0.5; cursor: default; }
.controls { display: flex; gap: 6px; margin-top: 8px; }
.controls button { background: #fff; color: #2f6fed; }
.choices, .tags { display: flex; flex-wrap: wrap; gap: 6px; min-height: 4px; margin-top: 6px; }
.choices button { background: #fff; color: #2f6fed; border-radius: 14px; }
.tags span { padding: 1px 4px 1px 8px; border-radius: 10px; background: #ece3ff; font-size: 12px; }
.tags span button { margin-left: 4px; padding: 0 5px; border: 0; background: transparent; color: #5b3cc4; }
.label-row { display: flex; gap: 6px; align-items: center; margin-bottom: 6px; }
.label-row .tags { flex: 1; margin-top: 0; }
form.labels { display: flex; gap: 4px; }
form.labels input { width: 110px; padding: 3px 6px; border: 1px solid #c4cad6; border-radius: 6px; font-size: 12px; }
form.labels button { padding: 3px 8px; font-size: 12px; }
.composer label.private { display: flex; align-items: center; gap: 4px; font-size: 12px; white-space: nowrap; }
h2 small { font-weight: normal; font-size: 12px; opacity: 0.6; }
.log li .undelivered { display: block; font-size: 11px; color: #8a5a00; }
.owner { margin-left: 6px; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #e6f4ea; }
.owner.human { background: #ffe3e0; }
.owner.none { background: #e0e0e0; }
.timeline-pane { margin: 12px 16px 16px; background: #fff; border: 1px solid #d7dce5; border-radius: 8px; padding: 10px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eef0f4; }
tbody tr { cursor: pointer; }
tbody tr:hover { background: #f5f8ff; }
tr.error td { color: #b3261e; }
tr.failsafe td { color: #8a3ffc; font-weight: 600; }
tr.note td, tr.labels td { color: #7a5b00; }
td.undelivered { color: #8a5a00; font-style: italic; }
pre { max-height: 200px; overflow: auto; background: #1d2330; color: #d8e0f0; padding: 8px; border-radius: 6px; font-size: 12px; }
`;
