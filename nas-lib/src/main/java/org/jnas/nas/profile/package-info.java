/**
 * Profiles of an architecture without training it: {@link org.jnas.nas.profile.Profile} holds its
 * parameter count, multiply-accumulate operations (MACs) for an input shape and the size of its
 * weights, worked out from DJL's shape inference (no data read, no weights trained).
 */
package org.jnas.nas.profile;
