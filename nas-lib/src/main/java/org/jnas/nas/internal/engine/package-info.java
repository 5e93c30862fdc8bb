/**
 * The engine: runs a search, and nothing else. {@link org.jnas.nas.internal.engine.TrialEngine}
 * takes an immutable {@link org.jnas.nas.internal.engine.EngineSettings}, asks the strategy for
 * samples while there are free slots and budget, hands each to a
 * {@link org.jnas.nas.internal.engine.TrialBackend} (launch, request stop, cancel, reattach after a
 * restart; local threads today), turns what the backend reports into trial records, and tells one
 * ordered {@link org.jnas.nas.internal.engine.EngineObserver} what happened. It knows nothing of
 * experiments, notebooks or storage. Internal: public only for the facade and for backends in other
 * packages.
 */
package org.jnas.nas.internal.engine;
