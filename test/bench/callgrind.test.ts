import { describe, expect, it } from 'vitest';
import { functionCosts } from '../../bench/lib/callgrind.mjs';

// A callgrind file in the format valgrind writes (compressed names, a call's inclusive cost after `calls=`), with two
// addresses of generated code that V8's code map names.
const CALLGRIND = [
  'version: 1',
  'positions: line',
  'events: Ir',
  'ob=(1) /usr/bin/node',
  'fl=(1) ???',
  'fn=(1) v8::internal::JsonParser::ParseJsonValue()',
  '0 120',
  '0 30',
  'cfn=(2) 0x0000000000001010',
  'calls=1 0',
  '0 5000',
  'fn=(2)',
  '0 400',
  'fn=(3) 0x0000000000002004',
  '0 70',
  'fn=(4) 0x0000000000009000',
  '0 9',
  'fn=(1)',
  '+2 50',
  '',
].join('\n');
const PERF_MAP = ['1000 100 JS:*process file:///dist/index.js:10:1', '2000 10 JS:~intake file:///dist/index.js:20:3', ''].join('\n');

describe('functionCosts', () => {
  it('sums each function’s own instructions, leaving out the inclusive cost of its calls', () => {
    const costs = functionCosts(CALLGRIND, PERF_MAP);
    expect(costs.get('v8::internal::JsonParser::ParseJsonValue()')).toBe(200);
  });

  it('names generated code from the code map, whatever its tier, and keeps unknown addresses apart', () => {
    const costs = functionCosts(CALLGRIND, PERF_MAP);
    expect(costs.get('JS:process file:///dist/index.js:10:1')).toBe(400);
    expect(costs.get('JS:intake file:///dist/index.js:20:3')).toBe(70);
    expect(costs.get('generated code (unnamed)')).toBe(9);
    expect([...costs.values()].reduce((sum, n) => sum + n, 0)).toBe(679);
  });
});
