// Import preview: correct every node before the report exists. The tree is kept as a flat
// list in document order with levels, and nested again by the importer's rule (a numbered
// node goes under the nearest shallower numbered one; a part starts a new top-level branch),
// so promote/demote, split, merge and delete never reorder the text. The corrected tree is
// written back into the form's hidden "outline" field; the server checks it again.
(function () {
  "use strict";
  const table = document.querySelector("[data-testid=import-tree]");
  const field = document.getElementById("outline-json");
  const form = document.getElementById("import-form");
  if (!table || !field || !form) return;
  const label = (name) => table.dataset["label" + name] || name;
  const MAX_LEVEL = 4;
  const SENTENCE_END = /[。！？!?]/;
  const outline = JSON.parse(field.value);
  let nodes = flatten(outline.sections);
  let splitting = null; // index of the node whose split box is open

  function flatten(tree) {
    const out = [];
    (function walk(list) {
      list.forEach((node) => {
        out.push({
          kind: node.kind, level: node.level, heading: node.heading, body: node.body,
          run_in: node.run_in, department: node.department || "",
        });
        walk(node.children || []);
      });
    })(tree);
    return out;
  }

  function nest(flat) {
    const roots = [];
    let path = [];
    flat.forEach((item) => {
      const node = {
        kind: item.kind, level: item.level, heading: item.heading, body: item.body,
        run_in: item.run_in, department: item.department, children: [],
      };
      if (node.kind === "numbered") {
        while (path.length && path[path.length - 1].kind === "numbered" &&
               path[path.length - 1].level >= node.level) path.pop();
        (path.length ? path[path.length - 1].children : roots).push(node);
        path.push(node);
      } else {
        roots.push(node);
        path = node.kind === "part" ? [node] : [];
      }
    });
    return roots;
  }

  // The numbers a reader will see: per sibling list and level, restarting after a part.
  function numbers(tree) {
    const out = [];
    const zh = "零一二三四五六七八九";
    const chinese = (n) => n < 10 ? zh[n] : n < 20 ? "十" + (n % 10 ? zh[n % 10] : "")
      : zh[Math.floor(n / 10)] + "十" + (n % 10 ? zh[n % 10] : "");
    const format = (level, n) => [null, chinese(n) + "、", "（" + chinese(n) + "）", n + ".", "（" + n + "）"][level];
    (function walk(list) {
      const counters = {};
      list.forEach((node) => {
        let number = "";
        if (node.kind === "part") Object.keys(counters).forEach((k) => delete counters[k]);
        else if (node.kind === "numbered") {
          counters[node.level] = (counters[node.level] || 0) + 1;
          number = format(node.level, counters[node.level]);
        }
        out.push({ number: number, depth: node.kind === "numbered" ? node.level : 0 });
        walk(node.children);
      });
    })(tree);
    return out;
  }

  // The node and every following node deeper than it (its children once nested).
  function branch(i) {
    const end = branchEnd(i);
    return nodes.slice(i, end);
  }
  function branchEnd(i) {
    const node = nodes[i];
    let j = i + 1;
    if (node.kind === "preamble") return j;
    while (j < nodes.length && nodes[j].kind === "numbered" &&
           (node.kind === "part" || nodes[j].level > node.level)) j++;
    return j;
  }

  const actions = {
    toggle(i) {
      const node = nodes[i];
      if (node.heading) {
        const joiner = node.run_in || !node.body ? "" : "\n";
        node.body = node.heading + joiner + node.body;
        node.heading = "";
        node.run_in = true;
        return;
      }
      const lines = node.body.split("\n");
      const first = lines[0];
      const end = first.search(SENTENCE_END);
      if (end >= 0 && end < first.length - 1) {
        node.heading = first.slice(0, end + 1);
        lines[0] = first.slice(end + 1);
        node.run_in = true;
      } else {
        node.heading = first;
        lines.shift();
        node.run_in = SENTENCE_END.test(first.slice(-1));
      }
      node.body = lines.join("\n").replace(/^\n+/, "");
    },
    promote(i) { shift(i, -1); },
    demote(i) { shift(i, 1); },
    split(i) { splitting = splitting === i ? null : i; },
    merge(i) {
      const node = nodes[i];
      const next = nodes[i + 1];
      const text = next.heading + (next.heading && next.body && !next.run_in ? "\n" : "") + next.body;
      node.body = node.body ? node.body + "\n" + text : text;
      nodes.splice(i + 1, 1);
    },
    remove(i) { nodes.splice(i, 1); },
    branch(i) {
      const department = nodes[i].department;
      branch(i).forEach((node) => { node.department = department; });
    },
  };

  function shift(i, delta) {
    const moved = branch(i).filter((node) => node.kind === "numbered");
    if (moved.some((node) => node.level + delta < 1 || node.level + delta > MAX_LEVEL)) return;
    moved.forEach((node) => { node.level += delta; });
  }

  function splitAt(i, offset) {
    const node = nodes[i];
    const before = node.body.slice(0, offset).replace(/\n+$/, "");
    const after = node.body.slice(offset).replace(/^\n+/, "");
    if (!after) return;
    node.body = before;
    const level = node.kind === "numbered" ? node.level : 1;
    nodes.splice(i + 1, 0, {
      kind: "numbered", level: level, heading: "", body: after, run_in: true,
      department: node.department,
    });
  }

  function button(text, name, i, enabled) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm btn-outline-secondary me-1 mb-1";
    b.textContent = text;
    b.dataset.action = name;
    b.dataset.index = i;
    b.disabled = !enabled;
    return b;
  }

  function render() {
    const tree = nest(nodes);
    const shown = numbers(tree);
    const body = document.getElementById("preview-rows");
    body.replaceChildren();
    nodes.forEach((node, i) => body.append(row(node, i, shown[i]), ...splitRow(node, i)));
    outline.sections = tree;
    field.value = JSON.stringify(outline);
  }

  function row(node, i, shown) {
    const tr = document.createElement("tr");
    tr.dataset.testid = "preview-row";
    const title = document.createElement("td");
    title.style.paddingLeft = (0.5 + 1.2 * shown.depth) + "rem";
    if (node.kind === "preamble") {
      const em = document.createElement("em");
      em.textContent = label("Preamble");
      title.append(em);
    } else {
      const number = document.createElement("span");
      number.dataset.testid = "row-number";
      number.className = "me-1";
      number.textContent = shown.number;
      const heading = document.createElement("input");
      heading.className = "form-control form-control-sm d-inline-block w-auto";
      heading.defaultValue = node.heading;
      heading.size = Math.max(6, Math.min(40, 2 * node.heading.length + 2)); // CJK: two columns a character
      heading.setAttribute("aria-label", label("Heading"));
      heading.dataset.testid = "row-heading";
      heading.addEventListener("change", () => {
        node.heading = heading.value.trim();
        node.run_in = !node.heading || SENTENCE_END.test(node.heading.slice(-1));
        render();
      });
      title.append(number, heading);
      const tag = node.kind === "part" ? label("Part") : !node.heading ? label("Paragraph")
        : node.run_in ? label("RunIn") : "";
      if (tag) {
        const badge = document.createElement("span");
        badge.className = "badge text-bg-light ms-1";
        badge.textContent = tag;
        title.append(badge);
      }
    }
    const preview = document.createElement("td");
    preview.className = "small text-muted";
    preview.dataset.testid = "row-body";
    const text = node.body.replace(/\n/g, " ");
    preview.textContent = text.length > 40 ? text.slice(0, 40) + "…" : text;
    preview.title = node.body.length + label("Chars");
    const department = document.createElement("td");
    const select = document.createElement("select");
    select.className = "form-select form-select-sm d-inline-block w-auto";
    select.setAttribute("aria-label", label("Department"));
    select.dataset.testid = "row-department";
    select.append(document.getElementById("department-options").content.cloneNode(true));
    select.value = node.department;
    select.addEventListener("change", () => { node.department = select.value; render(); });
    department.append(select);
    const hasBranch = branchEnd(i) > i + 1;
    if (hasBranch) department.append(" ", button(label("Branch"), "branch", i, true));
    const tools = document.createElement("td");
    const numbered = node.kind === "numbered";
    tools.append(
      button(node.heading ? label("ToBody") : label("ToHeading"), "toggle", i, numbered),
      button(label("Promote"), "promote", i, numbered && node.level > 1),
      button(label("Demote"), "demote", i, numbered && node.level < MAX_LEVEL),
      button(label("Split"), "split", i, node.body.length > 1),
      button(label("Merge"), "merge", i, i + 1 < nodes.length),
      button(label("Delete"), "remove", i, true),
    );
    tr.append(title, preview, department, tools);
    return tr;
  }

  function splitRow(node, i) {
    if (splitting !== i) return [];
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = 4;
    const hint = document.createElement("div");
    hint.className = "small text-muted mb-1";
    hint.textContent = label("SplitHint");
    const area = document.createElement("textarea");
    area.className = "form-control tg-doc mb-2";
    area.readOnly = true;
    area.rows = Math.min(8, node.body.split("\n").length + 1);
    area.value = node.body;
    area.dataset.testid = "split-text";
    const go = button(label("SplitHere"), "split-here", i, true);
    go.classList.replace("btn-outline-secondary", "btn-primary");
    go.addEventListener("click", () => {
      splitting = null;
      splitAt(i, area.selectionStart);
      render();
    });
    const cancel = button(label("Cancel"), "split", i, true);
    td.append(hint, area, go, cancel);
    tr.append(td);
    return [tr];
  }

  table.addEventListener("click", (event) => {
    const target = event.target.closest("button[data-action]");
    if (!target || target.dataset.action === "split-here") return;
    const i = Number(target.dataset.index);
    const action = actions[target.dataset.action];
    if (target.dataset.action !== "split") splitting = null;
    action(i);
    render();
  });
  form.addEventListener("submit", () => { field.value = JSON.stringify({ ...outline, sections: nest(nodes) }); });
  render();
})();
