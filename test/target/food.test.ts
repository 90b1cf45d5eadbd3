import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gramsOf, nutritionOf } from '../../src/target/food.ts';

describe('food quantities and nutrition', () => {
  it('reads the quantities people type', () => {
    assert.equal(gramsOf('170g'), 170);
    assert.equal(gramsOf('1.5 kg'), 1500);
    assert.equal(gramsOf('2 cups'), 480);
    assert.equal(gramsOf('2'), 300);
    assert.equal(gramsOf(85), 85);
  });

  it('rejects quantities it cannot read', () => {
    for (const quantity of ['a lot', '0g', '12 parsecs', '', -5]) assert.equal(gramsOf(quantity), null, String(quantity));
  });

  it('computes known foods from per-100 g values and estimates unknown ones stably', () => {
    assert.equal(nutritionOf('Chicken Breast', 200).calories, 330);
    const guess = nutritionOf('dragon fruit smoothie', 100);
    assert.equal(guess.estimated, true);
    assert.deepEqual(nutritionOf('dragon fruit smoothie', 100), guess);
    assert.ok(guess.calories >= 50 && guess.calories < 350);
  });
});
