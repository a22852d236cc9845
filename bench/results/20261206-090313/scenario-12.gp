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
0 "httpd" 54680.3 36773.5 67103.6 8073150 "54,680"
1 "inline-w0" 75866.1 67121 78720.1 5592405 "75,866"
2 "t1-w0" 74643.4 69130.1 94391.6 5592405 "74,643"
3 "inline-w1" 45783.1 38761.7 56713.8 5592405 "45,783"
4 "t1-w1" 59356.1 57128.2 72453.1 5592405 "59,356"
EOD
set title "c=100, client wrk"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:113270]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 8.29163 8.177 8.36304 8073150 "8.29"
1 "inline-w0" 8.55774 8.54914 8.68647 5592405 "8.56"
2 "t1-w0" 10.0078 9.98885 12.2435 5592405 "10.0"
3 "inline-w1" 9.56365 9.40652 9.97995 5592405 "9.56"
4 "t1-w1" 10.7952 10.5958 11.381 5592405 "10.8"
EOD
set title "c=100, client wrk"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:14.6921]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
