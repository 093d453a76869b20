// The source reader: a click on the text lists the facts resting on the words clicked;
// an address ending in #char=B,E highlights that span. No outside request.
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  document.querySelectorAll(".text[data-text]").forEach(function (textEl) {
    var which = textEl.dataset.text;
    var dataEl = document.querySelector('.spans-data[data-text="' + which + '"]');
    var panel = document.getElementById("panel-" + which);
    if (!dataEl || !panel) {
      return;
    }
    var spans = JSON.parse(dataEl.textContent);
    var byId = {};
    spans.forEach(function (span, index) {
      byId[span.id] = index;
    });

    function clear() {
      textEl.querySelectorAll(".seg.selected").forEach(function (seg) {
        seg.classList.remove("selected");
      });
    }

    function mark(index) {
      textEl.querySelectorAll(".seg").forEach(function (seg) {
        var ids = seg.dataset.spans.split(" ");
        if (ids.indexOf(String(index)) >= 0) {
          seg.classList.add("selected");
        }
      });
    }

    // List the spans (shortest first) with the facts resting on them.
    function show(indices, chosen) {
      panel.replaceChildren(el("h2", {}, "Facts resting on the words"));
      indices
        .slice()
        .sort(function (a, b) {
          return (spans[a].end - spans[a].begin) - (spans[b].end - spans[b].begin);
        })
        .forEach(function (index) {
          var span = spans[index];
          var item = el("div", { class: "span-item" });
          var quote = el("a", { class: "quote", href: "#" + span.id }, span.quote);
          var head = el("p");
          head.appendChild(quote);
          head.appendChild(el("span", { class: "muted" }, " (characters " + span.begin + "–" + span.end + ")"));
          item.appendChild(head);
          if (span.facts.length) {
            var list = el("ul");
            span.facts.forEach(function (fact) {
              var li = el("li");
              li.appendChild(el("a", { href: fact.href }, fact.label));
              if (fact.relation && fact.relation !== "evidence") {
                li.appendChild(el("span", { class: "muted" }, " (" + fact.relation + ")"));
              }
              list.appendChild(li);
            });
            item.appendChild(el("p", { class: "muted" }, span.facts.length === 1 ? "1 fact rests on it:" : span.facts.length + " facts rest on it:"));
            item.appendChild(list);
          }
          if (span.entities.length) {
            var names = el("p", {}, "Names: ");
            span.entities.forEach(function (entity, i) {
              if (i) {
                names.appendChild(document.createTextNode(", "));
              }
              names.appendChild(el("a", { href: entity.href }, entity.label));
            });
            item.appendChild(names);
          }
          if (index === chosen) {
            item.classList.add("chosen");
          }
          panel.appendChild(item);
        });
      if (!indices.length) {
        panel.appendChild(el("p", { class: "muted" }, "No span of the graph covers these words."));
      }
    }

    function select(index, scroll) {
      clear();
      mark(index);
      var covering = [];
      spans.forEach(function (span, i) {
        if (span.begin <= spans[index].begin && span.end >= spans[index].end) {
          covering.push(i);
        }
      });
      show(covering, index);
      if (scroll) {
        var first = textEl.querySelector(".seg.selected");
        if (first) {
          first.scrollIntoView({ block: "center" });
        }
      }
    }

    function fromHash() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      if (id in byId) {
        select(byId[id], true);
      }
    }

    // On arrival the browser scrolls its anchor (the span's first character) to the
    // top once the page has loaded; centre the span after that.
    function arrive() {
      window.requestAnimationFrame(fromHash);
    }

    textEl.addEventListener("click", function (event) {
      var seg = event.target.closest(".seg");
      if (!seg) {
        return;
      }
      var indices = seg.dataset.spans.split(" ").map(Number);
      // The shortest span covering the words clicked is the one the address names.
      var shortest = indices.reduce(function (best, i) {
        return spans[i].end - spans[i].begin < spans[best].end - spans[best].begin ? i : best;
      }, indices[0]);
      clear();
      mark(shortest);
      show(indices, shortest);
      history.replaceState(null, "", "#" + spans[shortest].id);
    });

    window.addEventListener("hashchange", fromHash);
    if (document.readyState === "complete") {
      arrive();
    } else {
      window.addEventListener("load", arrive);
    }
  });
})();
