set terminal pngcairo size 1400,700 noenhanced font ",10"
set output 'cpu.png'
set title 'Server CPU time per request (median, bars: min-max)'
set ylabel 'microseconds'
set datafile missing '-'
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -35 left
set key top right
set grid ytics
set bmargin 9
set yrange [0:*]
plot 'cpu.dat' using 2:3:4:xtic(1) title 'httpd', 'cpu.dat' using 5:6:7:xtic(1) title 'hello', 'cpu.dat' using 8:9:10:xtic(1) title 'nginx', 'cpu.dat' using 11:12:13:xtic(1) title 'h2o', 'cpu.dat' using 14:15:16:xtic(1) title 'blocking'
