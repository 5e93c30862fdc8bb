/** Machinery shared by JNAS packages; not an API. */
package org.jnas.nas.internal;
