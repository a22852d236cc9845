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
0 "httpd" 95749.5 93567.9 96122 8073150 "95,750"
1 "inline-w0" 98943.3 97042.6 99239.2 5592405 "98,943"
2 "t1-w0" 97059.6 85877.4 98945.2 5592405 "97,060"
3 "inline-w1" 96611.1 81034 99833.1 5592405 "96,611"
4 "t1-w1" 90912.2 89995.5 96298 5592405 "90,912"
EOD
set title "c=100, client wrk"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:119800]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 8.69446 8.6113 8.78808 8073150 "8.69"
1 "inline-w0" 8.70397 8.63488 8.96009 5592405 "8.70"
2 "t1-w0" 10.2658 10.058 11.5439 5592405 "10.3"
3 "inline-w1" 9.78538 9.54836 11.6408 5592405 "9.79"
4 "t1-w1" 10.9243 10.335 11.0377 5592405 "10.9"
EOD
set title "c=100, client wrk"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:13.9689]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
