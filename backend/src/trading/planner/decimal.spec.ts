import {
  divide,
  dollars,
  floorToCents,
  floorToWhole,
  formatDecimal,
  formatQuantity,
  fromNumber,
  mulDiv,
  multiply,
  ONE,
  parseDecimal,
} from './decimal';

describe('decimal', () => {
  it('parses decimal strings exactly, to the 9th decimal', () => {
    expect(parseDecimal('123.45')).toBe(123_450_000_000n);
    expect(parseDecimal('-0.000000001')).toBe(-1n);
    expect(parseDecimal(' 7 ')).toBe(7n * ONE);
    expect(parseDecimal('+1.5')).toBe(1_500_000_000n);
    expect(parseDecimal('0.1234567899')).toBe(123_456_789n); // truncated beyond 9 decimals
  });

  it.each(['', 'abc', '1e5', '1.2.3', '.5', '5.', 'NaN', '1,000.00'])('refuses %j', (text) => {
    expect(() => parseDecimal(text)).toThrow('not a decimal number');
  });

  it('formats with a fixed number of decimals, truncating toward zero', () => {
    expect(formatDecimal(parseDecimal('12.349'), 2)).toBe('12.34');
    expect(formatDecimal(parseDecimal('-12.349'), 2)).toBe('-12.34');
    expect(formatDecimal(parseDecimal('-0.001'), 2)).toBe('0.00');
    expect(formatDecimal(parseDecimal('5'), 0)).toBe('5');
    expect(dollars(parseDecimal('1000000000000.5'))).toBe('1000000000000.50');
  });

  it('formats quantities without trailing zeros', () => {
    expect(formatQuantity(parseDecimal('3.500000000'))).toBe('3.5');
    expect(formatQuantity(parseDecimal('12'))).toBe('12');
    expect(formatQuantity(parseDecimal('0.000000001'))).toBe('0.000000001');
    expect(formatQuantity(0n)).toBe('0');
  });

  it('takes numbers such as weights and configured limits without float drift', () => {
    expect(fromNumber(0.1 + 0.2)).toBe(parseDecimal('0.3'));
    expect(fromNumber(0.333333)).toBe(parseDecimal('0.333333'));
    expect(fromNumber(10_000)).toBe(parseDecimal('10000'));
    expect(() => fromNumber(Number.NaN)).toThrow('not a finite number');
  });

  it('multiplies and divides exactly, truncating', () => {
    // 1000.10 × 0.7 = 700.07 exactly; in floats it is 700.0699999999999, floored to 700.06
    expect(dollars(multiply(parseDecimal('1000.10'), fromNumber(0.7)))).toBe('700.07');
    expect(dollars(multiply(parseDecimal('100000.03'), fromNumber(0.333333)))).toBe('33333.30');
    expect(formatQuantity(divide(parseDecimal('1000'), parseDecimal('3')))).toBe('333.333333333');
    expect(() => divide(ONE, 0n)).toThrow('division by zero');
  });

  it('takes a pro-rata share with one truncation (mulDiv)', () => {
    const cost = parseDecimal('1000.000000001');
    expect(formatDecimal(mulDiv(cost, parseDecimal('1'), parseDecimal('3')), 9)).toBe(
      '333.333333333',
    );
    // One truncation: a billionth × 0.5 ÷ 0.5 is a billionth; multiply-then-divide makes it 0.
    const [tiny, half] = [parseDecimal('0.000000001'), parseDecimal('0.5')];
    expect(mulDiv(tiny, half, half)).toBe(tiny);
    expect(divide(multiply(tiny, half), half)).toBe(0n);
    expect(mulDiv(7n, 3n, 2n)).toBe(10n);
    expect(mulDiv(-7n, 3n, 2n)).toBe(-10n); // toward zero
    expect(() => mulDiv(ONE, ONE, 0n)).toThrow('division by zero');
  });

  it('rounds down to cents and whole units, refusing negatives', () => {
    expect(dollars(floorToCents(parseDecimal('19.999999999')))).toBe('19.99');
    expect(formatQuantity(floorToWhole(parseDecimal('2.999999999')))).toBe('2');
    expect(() => floorToCents(-1n)).toThrow();
    expect(() => floorToWhole(-1n)).toThrow();
  });
});
