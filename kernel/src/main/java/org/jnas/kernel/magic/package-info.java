/**
 * Magics: lines starting with {@code %} at the top of a cell ({@code %%name} for the whole cell),
 * one small class each, composed by {@link org.jnas.kernel.magic.MagicRegistry}.
 */
package org.jnas.kernel.magic;
