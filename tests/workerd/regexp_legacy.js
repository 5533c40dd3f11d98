// RegExp's legacy static properties (RegExp.$1-$9, input, lastMatch, lastParen,
// leftContext, rightContext and their $-aliases), which V8 keeps and older
// libraries still read after a match: what each holds after exec, test,
// String#replace/match/split/search, a failed match, and the descriptors.
function statics() {
  const names = ["$1", "$2", "$3", "$9", "input", "$_", "lastMatch", "$&", "lastParen", "$+", "leftContext", "$`", "rightContext", "$'"];
  return Object.fromEntries(names.map((name) => [name, RegExp[name]]));
}

function attempt(f) {
  try {
    return f();
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

export default {
  async fetch() {
    // Nothing is read before the first match: the statics live as long as the
    // isolate, so they would show the previous request's last match.
    const out = {};
    /(\w+)@(\w+)\.com/.exec("mail: user@example.com now");
    out.afterExec = statics();
    /zzz/.exec("no match here");
    out.afterFailedExec = statics();
    /(b)(c)?/.test("abd");
    out.afterTestWithUnmatchedGroup = statics();
    "2024-05-06".replace(/(\d+)-(\d+)-(\d+)/, "$3/$2/$1");
    out.afterReplace = statics();
    "a1b2c3".replace(/(\d)/g, "#");
    out.afterGlobalReplace = statics();
    "x-y".replace(/(-)/, "");
    out.afterReplaceWithEmpty = statics();
    "one two".match(/(t)(w)(o)/);
    out.afterMatch = statics();
    "a,b;c".split(/([,;])/);
    out.afterSplit = statics();
    "hello".search(/(l+)/);
    out.afterSearch = statics();
    /()/.exec("");
    out.afterEmpty = statics();
    /(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)/.exec("abcdefghij");
    out.afterTenGroups = statics();
    out.unicode = (/(é+)/u.exec("caféé!"), statics());
    out.descriptors = Object.fromEntries(
      ["$1", "input", "$_", "lastMatch", "leftContext"].map((name) => {
        const d = Object.getOwnPropertyDescriptor(RegExp, name);
        return [name, d && { get: typeof d.get, set: typeof d.set, enumerable: d.enumerable, configurable: d.configurable }];
      }),
    );
    out.setInput = attempt(() => {
      RegExp.input = "changed";
      return [RegExp.input, RegExp.$_, RegExp.$1];
    });
    out.setDollar1 = attempt(() => {
      RegExp.$1 = "x";
      return RegExp.$1;
    });
    out.ownKeysHaveDollar1 = Object.getOwnPropertyNames(RegExp).includes("$1");
    class Sub extends RegExp {}
    new Sub("(q)").exec("q");
    out.afterSubclassExec = RegExp.$1;
    out.getterOnSubclass = attempt(() => Sub.$1);
    return Response.json(out);
  },
};
