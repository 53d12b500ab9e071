/* Runs expression vectors through collect/web/static/js/expr.js (with expr-more.js) for
   tests/forms/test_expressions_js.py.
   stdin: JSON list of {tree, answers, current, repeat, now, labels, choice, instances}.
   stdout: JSON list of {value} or {error}, values written as the vectors write them. */
'use strict';
const path = require('path');
const js = path.join(__dirname, '..', '..', 'collect', 'web', 'static', 'js');
const expr = require(path.join(js, 'expr.js'));
expr.extend(require(path.join(js, 'expr-more.js')));

function normalise(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { number: String(value) };
  if (value instanceof expr.Nodes) return { nodes: value.n.map((item) => (typeof item === 'object' ? item : normalise(item))) };
  if (value !== null && typeof value === 'object') return expr.toString(value); // a date
  return value;
}

const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const results = cases.map((c) => {
  const labels = c.labels || {};
  const ctx = {
    answers: c.answers || {}, current: c.current, repeat: c.repeat || [], now: c.now, choice: c.choice,
    instances: c.instances, choiceLabel: (question, choice) => (labels[question] || {})[choice] || '',
  };
  try {
    return { value: normalise(expr.evaluate(c.tree, ctx)) };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
});
process.stdout.write(JSON.stringify(results));
