// The query editor of balkan-kg: YASGUI, set up so that the page asks nothing of any
// other server. Loaded after yasgui.min.js; the page passes its settings as JSON.
(function () {
  "use strict";

  var host = document.getElementById("editor");
  var Yasgui = window.Yasgui;
  if (!host || !Yasgui) {
    return;
  }
  var config = JSON.parse(document.getElementById("balkan-kg-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var ID = "https://w3id.org/balkan-kg/id/";
  var ONTOLOGY = "https://w3id.org/balkan-kg/ontology";

  // The address of this server's page for an IRI the project mints, else null
  // (the same rule as balkan_kg.server.web.local_href).
  function localPath(iri) {
    if (iri.indexOf(ID) === 0) {
      var rest = iri.slice(ID.length);
      var hash = rest.indexOf("#");
      if (hash >= 0 && rest.slice(hash + 1).indexOf("char=") === 0) {
        return "/source" + rest.slice(hash);
      }
      return "/id/" + rest;
    }
    if (iri === ONTOLOGY || iri.indexOf(ONTOLOGY + "/") === 0) {
      return "/ontology";
    }
    if (iri.indexOf(ONTOLOGY + "#") === 0) {
      return "/ontology" + iri.slice(ONTOLOGY.length);
    }
    if (iri === "https://w3id.org/balkan-kg/") {
      return "/";
    }
    return null;
  }

  function permalink(query) {
    return new URL("/?query=" + encodeURIComponent(query), window.location.href).href;
  }

  // 1. No outside service. The class and property autocompleters ask a vocabulary
  //    service on the web (LOV); keep the bundled prefixes and the query's variables.
  //    This must be set before YASGUI is made: a per-instance list is merged with the
  //    defaults, not put in their place. The prefix list stays the bundled one.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  Yasgui.Yasqe.defaults.createShortLink = undefined;
  Yasgui.defaults.corsProxy = undefined;

  // The endpoint knows the project prefixes (bk:, bkg:, org: ...), so the editor's
  // syntax check should too: every parse of the SPARQL mode starts with them known.
  var CodeMirror = Object.getPrototypeOf(Yasgui.Yasqe);
  var sparqlMode = CodeMirror && CodeMirror.modes && CodeMirror.modes.sparql11;
  if (sparqlMode) {
    CodeMirror.defineMode("sparql11", function (options, modeOptions) {
      var mode = sparqlMode(options, modeOptions);
      var startState = mode.startState;
      mode.startState = function () {
        var state = startState.apply(this, arguments);
        Object.keys(config.prefixes).forEach(function (prefix) {
          state.prefixes[prefix] = config.prefixes[prefix];
        });
        return state;
      };
      return mode;
    });
  }

  // 2. A shared link stays on this site and fills the editor without running the
  //    query (YASGUI's own links put the query in the address's hash and run it).
  Yasgui.Tab.prototype.getShareableLink = function () {
    return permalink(this.getQuery());
  };

  // 3. The project's IRIs in a result table open this server's pages, in this window.
  var Table = Yasgui.Yasr.plugins.table;
  var drawIri = Table.prototype.getUriLinkFromBinding;
  Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    var html = drawIri.call(this, binding, prefixes);
    var local = localPath(binding.value);
    if (local === null) {
      return html;
    }
    var holder = document.createElement("div");
    holder.innerHTML = html; // YASR's own markup, sanitised by YASR
    var link = holder.querySelector("a");
    if (link) {
      link.setAttribute("href", local);
      link.setAttribute("target", "_self");
      link.removeAttribute("ref");
      link.setAttribute("title", binding.value);
    }
    return holder.innerHTML;
  };

  var yasgui = new Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: endpoint }];
      },
      keys: []
    },
    copyEndpointOnNewTab: false,
    populateFromUrl: false,
    persistenceId: "balkan-kg",
    tabName: "Query",
    yasqe: { value: config.defaultQuery },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" }
  });

  // Tabs kept in this browser from an earlier visit query this server too.
  yasgui.persistentConfig.getTabs().forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) {
      tab.setEndpoint(endpoint);
    }
  });

  function open(name, text) {
    var tab = yasgui.addTab(true, { name: name, yasqe: { value: text } }, { avoidDuplicateTabs: true });
    host.scrollIntoView({ behavior: "smooth", block: "start" });
    // Show the line that binds the example's parameters: the one to change.
    var yasqe = tab && tab.getYasqe ? tab.getYasqe() : null;
    var line = text.split("\n").findIndex(function (l) {
      return /^\s*VALUES\s/.test(l);
    });
    if (yasqe && line >= 0) {
      yasqe.scrollIntoView({ line: Math.min(line + 3, yasqe.lineCount() - 1), ch: 0 });
    }
    return tab;
  }

  // A permalink (/?query=...) fills a tab without running the query.
  var shared = new URLSearchParams(window.location.search).get("query");
  if (shared !== null) {
    open("Linked query", shared);
  }

  // The canned queries load into a tab of their own.
  document.querySelectorAll("a.load-query").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var query = config.queries[link.dataset.name];
      if (!query) {
        return;
      }
      event.preventDefault();
      open(link.dataset.name, query.text);
    });
  });

  window.balkanKg = { yasgui: yasgui, localPath: localPath };
})();
