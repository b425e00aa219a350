// Starts GraphiQL on the page's data block, with the Explorer and a sign-in panel. Loaded
// as a file, never inline: the page's Content-Security-Policy runs scripts from our own
// origin only.
(function () {
  'use strict';

  var root = document.getElementById('graphiql');
  var config = JSON.parse(document.getElementById('dateline-playground').textContent);

  // A refused or missing asset (the server log says which) leaves no GraphiQL to start.
  if (!window.React || !window.ReactDOM || !window.GraphiQL || !window.GraphiQLPluginExplorer) {
    root.textContent = 'The playground could not load its scripts; the server log says why.';
    return;
  }
  var h = window.React.createElement;

  // --- Storage: GraphiQL's own localStorage use, minus every header. ---------------------
  // GraphiQL keeps each run's headers in its history and favourites whatever
  // shouldPersistHeaders says: a token pasted into Headers (a preview link's, say) would
  // outlive the tab.
  var PREFIX = 'graphiql:';
  var HISTORY = [PREFIX + 'queries', PREFIX + 'favorites'];

  function withoutHeaders(value) {
    var stored = JSON.parse(value);
    (stored.queries || []).forEach(function (entry) {
      delete entry.headers;
    });
    return JSON.stringify(stored);
  }

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

  // --- The session: in this page's memory only. ------------------------------------------
  // Never in a URL, a cookie or storage: a reload signs the editor out, and no other page
  // or origin can read the tokens. The access token is traded for a new pair (refresh
  // tokens are single use) when most of its life has passed. Its life is read from the
  // token itself (exp - iat, both the server's clock), so a computer whose clock is off
  // still renews on time.
  var session = null;
  var timer = null;
  var listeners = [];

  function lifetimeMs(accessToken) {
    var payload = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    var claims = JSON.parse(window.atob(payload));
    return (claims.exp - claims.iat) * 1000;
  }

  function renewIn(accessToken) {
    var life = lifetimeMs(accessToken);
    // A minute before it ends, or at half its life for tokens of two minutes or less.
    return Math.max(life - 60 * 1000, life / 2);
  }

  var SESSION_FIELDS =
    '... on Session { accessToken refreshToken user { email displayName role } }' +
    ' ... on AuthenticationError { message code }';
  var LOGIN =
    'mutation PlaygroundLogin($email: String!, $password: String!) {' +
    ' login(email: $email, password: $password) { __typename ' + SESSION_FIELDS + ' } }';
  var REFRESH =
    'mutation PlaygroundRefresh($refreshToken: String!) {' +
    ' refreshToken(refreshToken: $refreshToken) { __typename ' + SESSION_FIELDS + ' } }';
  var LOGOUT =
    'mutation PlaygroundLogout($refreshToken: String!) { logout(refreshToken: $refreshToken) { ok } }';

  function post(query, variables) {
    return window
      .fetch(config.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ query: query, variables: variables }),
        credentials: 'omit'
      })
      .then(function (response) {
        return response.json();
      });
  }

  function setSession(next, notice) {
    session = next;
    window.clearTimeout(timer);
    if (session) {
      timer = window.setTimeout(refresh, renewIn(session.accessToken));
    }
    listeners.forEach(function (listener) {
      listener(session, notice || '');
    });
  }

  // The answer of login or refreshToken: a Session, or a message to show.
  function opened(answer, field) {
    var result = answer.data && answer.data[field];
    if (result && result.__typename === 'Session') {
      setSession(result);
      return '';
    }
    if (result && result.message) {
      return result.message;
    }
    return (answer.errors && answer.errors[0] && answer.errors[0].message) || 'Sign-in failed.';
  }

  function refresh() {
    var token = session && session.refreshToken;
    if (!token) {
      return;
    }
    post(REFRESH, { refreshToken: token }).then(
      function (answer) {
        var problem = opened(answer, 'refreshToken');
        if (problem) {
          setSession(null, 'Your session ended (' + problem + '). Sign in again.');
        }
      },
      function () {
        // The server is unreachable: try again shortly, while the token may still work.
        timer = window.setTimeout(refresh, 5000);
      }
    );
  }

  function signOut() {
    var token = session && session.refreshToken;
    setSession(null, 'Signed out.');
    if (token) {
      post(LOGOUT, { refreshToken: token });
    }
  }

  function hasAuthorization(headers) {
    return Object.keys(headers || {}).some(function (name) {
      return name.toLowerCase() === 'authorization';
    });
  }

  // Every request GraphiQL sends carries the session's token, unless the Headers pane
  // names an Authorization of its own (a preview link's token, tried by hand).
  var fetcher = window.GraphiQL.createFetcher({
    url: config.url,
    fetch: function (url, init) {
      if (session && !hasAuthorization(init.headers)) {
        init = Object.assign({}, init, {
          headers: Object.assign({}, init.headers, {
            Authorization: 'Bearer ' + session.accessToken
          })
        });
      }
      return window.fetch(url, init);
    }
  });

  // --- The sign-in panel. ------------------------------------------------------------------
  function useSession() {
    var state = window.React.useState({ session: session, notice: '' });
    window.React.useEffect(function () {
      function listener(next, notice) {
        state[1]({ session: next, notice: notice });
      }
      listeners.push(listener);
      return function () {
        listeners.splice(listeners.indexOf(listener), 1);
      };
    }, []);
    return state[0];
  }

  function SignInPanel() {
    var current = useSession();
    var schema = window.GraphiQL.React.useSchemaStore();
    var problem = window.React.useState('');
    var busy = window.React.useState(false);
    var user = current.session && current.session.user;

    // What the schema shows depends on who asks (production answers introspection to
    // admins only): ask again whenever the account changes.
    var email = user ? user.email : '';
    var first = window.React.useRef(true);
    window.React.useEffect(
      function () {
        if (first.current) {
          first.current = false;
          return;
        }
        schema.introspect();
      },
      [email]
    );

    function submit(event) {
      event.preventDefault();
      var form = event.target;
      busy[1](true);
      problem[1]('');
      post(LOGIN, { email: form.elements.email.value, password: form.elements.password.value })
        .then(
          function (answer) {
            problem[1](opened(answer, 'login'));
          },
          function () {
            problem[1]('The server did not answer.');
          }
        )
        .then(function () {
          busy[1](false);
        });
    }

    if (user) {
      return h(
        'div',
        { className: 'dateline-sign-in' },
        h('div', { className: 'graphiql-doc-explorer-title' }, 'Signed in'),
        h(
          'p',
          { className: 'dateline-signed-in-as' },
          user.displayName + ' (' + user.email + '), ' + user.role.toLowerCase()
        ),
        h(
          'p',
          null,
          'Every request now carries your token; it is renewed before it expires, and ' +
            'forgotten when this page closes.'
        ),
        h('button', { type: 'button', className: 'graphiql-button', onClick: signOut }, 'Sign out')
      );
    }
    return h(
      'form',
      { className: 'dateline-sign-in', onSubmit: submit },
      h('div', { className: 'graphiql-doc-explorer-title' }, 'Sign in'),
      current.notice ? h('p', { className: 'dateline-notice' }, current.notice) : null,
      h('label', null, 'Email', h('input', { name: 'email', type: 'email', autoComplete: 'username', required: true })),
      h(
        'label',
        null,
        'Password',
        h('input', { name: 'password', type: 'password', autoComplete: 'current-password', required: true })
      ),
      problem[0] ? h('p', { className: 'dateline-problem', role: 'alert' }, problem[0]) : null,
      h('button', { type: 'submit', className: 'graphiql-button', disabled: busy[0] }, 'Sign in')
    );
  }

  function KeyIcon() {
    return h(
      'svg',
      { viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': true },
      h('circle', { cx: 8, cy: 15, r: 4 }),
      h('path', { d: 'M11 12l9-9M16 7l3 3M14 9l2 2' })
    );
  }

  var signInPlugin = { title: 'Sign in', icon: KeyIcon, content: SignInPanel };

  // GraphiQL 4 keeps the operation last chosen when the tab changes (graphql/graphiql
  // #3632): Run on the next tab would send an operation name its document lacks. Take the
  // new tab's own choice (its first operation, or the one last run there) on every tab
  // change; Ctrl-Enter (Cmd-Enter) still runs the operation under the cursor.
  function OperationPerTab() {
    var editor = window.GraphiQL.React.useEditorContext({ nonNull: true });
    var tab = editor.tabs[editor.activeTabIndex];
    var seen = window.React.useRef(tab.id);
    window.React.useEffect(
      function () {
        if (seen.current !== tab.id) {
          seen.current = tab.id;
          editor.setOperationName(tab.operationName);
        }
      },
      [tab.id]
    );
    return null;
  }

  window.ReactDOM.createRoot(root).render(
    h(window.GraphiQL, {
      fetcher: fetcher,
      plugins: [signInPlugin, window.GraphiQLPluginExplorer.explorerPlugin()],
      // A first visit opens the example and the editing workflow, one tab per step;
      // `query` brings the example to the front even over tabs stored last visit.
      defaultTabs: config.tabs,
      query: config.query,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      storage: storage
    },
    h(window.GraphiQL.Footer, null, h(OperationPerTab)))
  );
})();
