/** Exploration strategies and the middleware around them (dedup, failure policy, median stop). */
package org.jnas.nas.strategy;
