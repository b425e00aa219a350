// Starts GraphiQL on the page's data block. Loaded as a file, never inline: the page's
// Content-Security-Policy runs scripts from our own origin only.
(function () {
  'use strict';

  var PREFIX = 'graphiql:';
  // GraphiQL 2.1 keeps each run's headers in its history and favourites in localStorage,
  // whatever shouldPersistHeaders says: an editor's bearer token would outlive the tab.
  var HISTORY = [PREFIX + 'queries', PREFIX + 'favorites'];

  function withoutHeaders(value) {
    var stored = JSON.parse(value);
    (stored.queries || []).forEach(function (entry) {
      delete entry.headers;
    });
    return JSON.stringify(stored);
  }

  // localStorage as GraphiQL's own default uses it, but history is stored without headers.
  var storage = {
    getItem: function (key) {
      return window.localStorage.getItem(key);
    },
    setItem: function (key, value) {
      if (HISTORY.indexOf(key) !== -1) {
        value = withoutHeaders(value);
      }
      window.localStorage.setItem(key, value);
    },
    removeItem: function (key) {
      window.localStorage.removeItem(key);
    },
    clear: function () {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf(PREFIX) === 0) {
          window.localStorage.removeItem(key);
        }
      });
    },
    get length() {
      return Object.keys(window.localStorage).filter(function (key) {
        return key.indexOf(PREFIX) === 0;
      }).length;
    }
  };

  var root = document.getElementById('graphiql');
  var config = JSON.parse(document.getElementById('dateline-playground').textContent);

  // A refused or missing asset (the server log says which) leaves no GraphiQL to start.
  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    root.textContent = 'The playground could not load its scripts; the server log says why.';
    return;
  }

  window.ReactDOM.render(
    window.React.createElement(window.GraphiQL, {
      fetcher: window.GraphiQL.createFetcher({ url: config.url }),
      // A first visit opens the example and the editing workflow, one tab per step;
      // `query` brings the example to the front even over tabs stored last visit.
      defaultTabs: config.tabs,
      query: config.query,
      // Editors paste `Authorization: Bearer ...` here; none of it is written to storage.
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      storage: storage
    }),
    root
  );
})();
