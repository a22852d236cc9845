set terminal pngcairo size 640,610 noenhanced font ",9"
set output 'scenario-12.png'
set multiplot layout 2,1 title "12. Threads: examples/pipeline (-t 1: an I/O thread and the serial stage) vs -t 0 (the work inline)\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 94911.5 94023.7 98553.2 8073150 "94,912"
1 "inline-w0" 97218.4 91802.6 98682.2 5592405 "97,218"
2 "t1-w0" 94064.8 84014.4 100440 5592405 "94,065"
3 "inline-w1" 95881.9 85235.3 98686.3 5592405 "95,882"
4 "t1-w1" 87505.1 82546.4 96295.3 5592405 "87,505"
EOD
set title "c=100, client wrk"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:120527]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 8.77831 8.66922 8.80115 8073150 "8.78"
1 "inline-w0" 8.93975 8.80925 9.35036 5592405 "8.94"
2 "t1-w0" 10.5371 9.91057 11.7998 5592405 "10.5"
3 "inline-w1" 9.71467 9.64025 10.9984 5592405 "9.71"
4 "t1-w1" 11.399 10.1701 12.0331 5592405 "11.4"
EOD
set title "c=100, client wrk"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:14.4397]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
