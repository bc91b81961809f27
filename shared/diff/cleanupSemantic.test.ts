import { describe, expect, it } from 'vitest';
import { alignEdits, cleanupSemantic, mergeUnitOps, type UnitOp } from './cleanupSemantic.ts';

const equal = (...units: string[]): UnitOp => ({ type: 'equal', units });
const del = (...units: string[]): UnitOp => ({ type: 'delete', units });
const ins = (...units: string[]): UnitOp => ({ type: 'insert', units });
const texts = (ops: UnitOp[]) => ops.map((op) => [op.type, op.units.join('')]);

describe('mergeUnitOps', () => {
  it('drops empty operations and joins runs, deletion first', () => {
    expect(
      texts(mergeUnitOps([equal('a'), equal(' '), ins('x'), del('y'), ins(), del('z'), equal()])),
    ).toEqual([
      ['equal', 'a '],
      ['delete', 'yz'],
      ['insert', 'x'],
    ]);
  });
});

describe('cleanupSemantic', () => {
  it('folds a space between two replaced words into one replacement', () => {
    const ops = [
      equal('Regeringen', ' '),
      del('har'),
      ins('ska'),
      equal(' '),
      del('beslutat'),
      ins('besluta', ' ', 'om'),
      equal(' ', 'att'),
    ];
    expect(texts(cleanupSemantic(ops))).toEqual([
      ['equal', 'Regeringen '],
      ['delete', 'har beslutat'],
      ['insert', 'ska besluta om'],
      ['equal', ' att'],
    ]);
  });

  it('keeps an unchanged stretch longer than the changes around it', () => {
    const ops = [del('a'), ins('b'), equal(' ', 'lång', ' ', 'mening', ' '), del('c'), ins('d')];
    expect(texts(cleanupSemantic(ops))).toEqual(texts(ops));
  });

  it('never folds the unchanged beginning or end', () => {
    const ops = [equal('x'), del('long deletion'), equal('y')];
    expect(texts(cleanupSemantic(ops))).toEqual(texts(ops));
  });
});

describe('alignEdits', () => {
  it('slides an inserted word so it carries its trailing space', () => {
    expect(texts(alignEdits([equal('a'), ins(' ', 'c'), equal(' ', 'b')]))).toEqual([
      ['equal', 'a '],
      ['insert', 'c '],
      ['equal', 'b'],
    ]);
  });

  it('slides an added sentence to start after the full stop it repeats', () => {
    const ops = [equal('ändras'), ins('.', ' ', 'Ny', ' ', 'mening'), equal('.')];
    expect(texts(alignEdits(ops))).toEqual([
      ['equal', 'ändras.'],
      ['insert', ' Ny mening.'],
    ]);
  });
});
