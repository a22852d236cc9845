set terminal pngcairo size 1400,700 noenhanced font ",10"
set output 'latency.png'
set title 'Latency p99 (log scale) (median, bars: min-max)'
set ylabel 'ms'
set datafile missing '-'
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -35 left
set key top right
set grid ytics
set bmargin 9
set logscale y
plot 'latency.dat' using 2:3:4:xtic(1) title 'httpd', 'latency.dat' using 5:6:7:xtic(1) title 'hello', 'latency.dat' using 8:9:10:xtic(1) title 'nginx', 'latency.dat' using 11:12:13:xtic(1) title 'h2o', 'latency.dat' using 14:15:16:xtic(1) title 'blocking'
