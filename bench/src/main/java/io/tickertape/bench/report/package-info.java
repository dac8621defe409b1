/**
 * Report writers: read JMH's JSON results and draw them ({@link io.tickertape.bench.report.SvgChart}).
 */
package io.tickertape.bench.report;
